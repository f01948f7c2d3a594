package awsretry_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"

	"github.com/aws/smithy-go/metrics"
	"github.com/aws/smithy-go/tracing"
)

// recTracing is a smithy-go TracerProvider that records every span, with
// its parent: the span at the top of the context's span lineage, as
// smithy-go's OpenTelemetry adapter reads it.
type recTracing struct {
	mu    sync.Mutex
	spans []*recSpan
}

type recSpan struct {
	p      *recTracing
	scope  string
	name   string
	kind   tracing.SpanKind
	parent *recSpan
	props  map[any]any
	events []recEvent
	status tracing.SpanStatus
	ended  bool
}

type recEvent struct {
	name  string
	props map[any]any
}

func (p *recTracing) Tracer(scope string, _ ...tracing.TracerOption) tracing.Tracer {
	return recTracer{p: p, scope: scope}
}

type recTracer struct {
	p     *recTracing
	scope string
}

func (t recTracer) StartSpan(ctx context.Context, name string, opts ...tracing.SpanOption) (context.Context, tracing.Span) {
	var o tracing.SpanOptions
	for _, fn := range opts {
		fn(&o)
	}
	s := &recSpan{p: t.p, scope: t.scope, name: name, kind: o.Kind, props: o.Properties.Values()}
	if s.props == nil {
		s.props = map[any]any{}
	}
	if parent, ok := tracing.GetSpan(ctx); ok {
		s.parent, _ = parent.(*recSpan)
	}
	t.p.mu.Lock()
	t.p.spans = append(t.p.spans, s)
	t.p.mu.Unlock()
	return tracing.WithSpan(ctx, s), s
}

func (s *recSpan) Name() string                 { return s.name }
func (s *recSpan) Context() tracing.SpanContext { return tracing.SpanContext{} }

func (s *recSpan) AddEvent(name string, opts ...tracing.EventOption) {
	var o tracing.EventOptions
	for _, fn := range opts {
		fn(&o)
	}
	s.p.mu.Lock()
	defer s.p.mu.Unlock()
	s.events = append(s.events, recEvent{name: name, props: o.Properties.Values()})
}

func (s *recSpan) SetStatus(st tracing.SpanStatus) {
	s.p.mu.Lock()
	defer s.p.mu.Unlock()
	s.status = st
}

func (s *recSpan) SetProperty(k, v any) {
	s.p.mu.Lock()
	defer s.p.mu.Unlock()
	s.props[k] = v
}

func (s *recSpan) End() {
	s.p.mu.Lock()
	defer s.p.mu.Unlock()
	s.ended = true
}

// named returns the recorded spans called name, in the order they started.
func (p *recTracing) named(name string) []*recSpan {
	p.mu.Lock()
	defer p.mu.Unlock()
	var out []*recSpan
	for _, s := range p.spans {
		if s.name == name {
			out = append(out, s)
		}
	}
	return out
}

// recMetrics is a smithy-go MeterProvider that records every Int64Counter
// addition and Float64Histogram record, and counts the instruments made.
// fail, when set, is the name of an instrument it refuses to make.
type recMetrics struct {
	mu          sync.Mutex
	points      []recPoint
	instruments int
	fail        string
	gauges      []recGauge
}

type recPoint struct {
	name  string
	value float64
	props map[any]any
}

func (p *recMetrics) Meter(string, ...metrics.MeterOption) metrics.Meter { return recMeter{p: p} }

// recMeter makes the two kinds of instruments awsretry uses; the rest are
// smithy-go's no-ops.
type recMeter struct {
	metrics.NopMeter
	p *recMetrics
}

func (m recMeter) make(name string) (recInstrument, error) {
	m.p.mu.Lock()
	defer m.p.mu.Unlock()
	if name == m.p.fail {
		return recInstrument{}, errors.New("refused by the test")
	}
	m.p.instruments++
	return recInstrument{p: m.p, name: name}, nil
}

func (m recMeter) Int64Counter(name string, _ ...metrics.InstrumentOption) (metrics.Int64Counter, error) {
	return m.make(name)
}

func (m recMeter) Float64Histogram(name string, _ ...metrics.InstrumentOption) (metrics.Float64Histogram, error) {
	return m.make(name)
}

func (m recMeter) Float64AsyncGauge(name string, cb metrics.Float64Callback, _ ...metrics.InstrumentOption) (metrics.AsyncInstrument, error) {
	if _, err := m.make(name); err != nil {
		return nil, err
	}
	m.p.mu.Lock()
	defer m.p.mu.Unlock()
	m.p.gauges = append(m.p.gauges, recGauge{name: name, cb: cb})
	return metrics.NopMeter{}.Float64AsyncGauge(name, cb)
}

// recGauge is an async gauge's callback, run by observe.
type recGauge struct {
	name string
	cb   metrics.Float64Callback
}

// observe runs the callbacks of the gauges called name, as a reader would,
// and returns what they observed, keyed by properties.
func (p *recMetrics) observe(name string) map[string]float64 {
	p.mu.Lock()
	gauges := slices.Clone(p.gauges)
	p.mu.Unlock()
	out := map[string]float64{}
	for _, g := range gauges {
		if g.name == name {
			g.cb(context.Background(), gaugeObserver(out))
		}
	}
	return out
}

type gaugeObserver map[string]float64

func (o gaugeObserver) Observe(_ context.Context, v float64, opts ...metrics.RecordMetricOption) {
	var ro metrics.RecordMetricOptions
	for _, fn := range opts {
		fn(&ro)
	}
	o[propsKey(ro.Properties.Values())] += v
}

type recInstrument struct {
	p    *recMetrics
	name string
}

func (i recInstrument) record(v float64, opts []metrics.RecordMetricOption) {
	var o metrics.RecordMetricOptions
	for _, fn := range opts {
		fn(&o)
	}
	i.p.mu.Lock()
	defer i.p.mu.Unlock()
	i.p.points = append(i.p.points, recPoint{name: i.name, value: v, props: o.Properties.Values()})
}

func (i recInstrument) Add(_ context.Context, v int64, opts ...metrics.RecordMetricOption) {
	i.record(float64(v), opts)
}

func (i recInstrument) Record(_ context.Context, v float64, opts ...metrics.RecordMetricOption) {
	i.record(v, opts)
}

// sums returns, for the instrument name, the total recorded under each set
// of properties, keyed by the properties printed in key order.
func (p *recMetrics) sums(name string) map[string]float64 {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := map[string]float64{}
	for _, pt := range p.points {
		if pt.name == name {
			out[propsKey(pt.props)] += pt.value
		}
	}
	return out
}

// count returns how many values were recorded for the instrument name.
func (p *recMetrics) count(name string) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	n := 0
	for _, pt := range p.points {
		if pt.name == name {
			n++
		}
	}
	return n
}

// propsKey prints props as "k=v k=v", keys sorted.
func propsKey(props map[any]any) string {
	parts := make([]string, 0, len(props))
	for k, v := range props {
		parts = append(parts, fmt.Sprintf("%v=%v", k, v))
	}
	slices.Sort(parts)
	return strings.Join(parts, " ")
}

// print writes the recorded spans as a tree down to maxDepth (0: the roots),
// children under their parents in the order they started, each with its
// status, its awsretry.* and api.error_code properties and its events.
func (p *recTracing) print(w io.Writer, maxDepth int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	var walk func(parent *recSpan, depth int)
	walk = func(parent *recSpan, depth int) {
		if depth > maxDepth {
			return
		}
		for _, s := range p.spans {
			if s.parent != parent {
				continue
			}
			indent := strings.Repeat("  ", depth)
			fmt.Fprintf(w, "%s%s %s%s\n", indent, s.name, statusNames[s.status], propsSuffix(s.props))
			for _, ev := range s.events {
				fmt.Fprintf(w, "%s  · %s%s\n", indent, ev.name, propsSuffix(ev.props))
			}
			walk(s, depth+1)
		}
	}
	walk(nil, 0)
}

var statusNames = map[tracing.SpanStatus]string{tracing.SpanStatusUnset: "unset", tracing.SpanStatusOK: "ok", tracing.SpanStatusError: "error"}

func propsSuffix(props map[any]any) string {
	shown := map[any]any{}
	for k, v := range props {
		if ks := fmt.Sprint(k); strings.HasPrefix(ks, "awsretry.") || ks == "api.error_code" {
			shown[k] = v
		}
	}
	if len(shown) == 0 {
		return ""
	}
	return " " + propsKey(shown)
}

// library returns everything the library wrote to p: the name, properties
// and events of each awsretry.* span.
func (p *recTracing) library() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	var b strings.Builder
	for _, s := range p.spans {
		if strings.HasPrefix(s.name, "awsretry.") {
			fmt.Fprintf(&b, "%s %v %v\n", s.name, s.props, s.events)
		}
	}
	return b.String()
}

// library returns everything the library recorded in p: the name, value
// and properties of each point of an awsretry.* instrument.
func (p *recMetrics) library() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	var b strings.Builder
	for _, pt := range p.points {
		if strings.HasPrefix(pt.name, "awsretry.") {
			fmt.Fprintf(&b, "%s %v %v\n", pt.name, pt.value, pt.props)
		}
	}
	return b.String()
}
