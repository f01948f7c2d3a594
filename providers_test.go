package awsretry_test

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/smithy-go/metrics"
	"github.com/aws/smithy-go/tracing"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/awsretry/awsretry"
	"github.com/awsretry/awsretry/internal/awstest"
)

// optionsClient has an Options method like an SDK client's.
type optionsClient struct{ o clientOptions }

type clientOptions struct {
	Region         string
	TracerProvider tracing.TracerProvider
	MeterProvider  metrics.MeterProvider
}

func (c *optionsClient) Options() clientOptions { return c.o }
func (c *optionsClient) Op(ctx context.Context, in *OpInput, optFns ...func(*OpOptions)) (*OpOutput, error) {
	return &OpOutput{}, nil
}

// Clients whose Options method does not fit: none of them gets providers,
// and none makes Decorate panic.
type optionsWithArg struct{ scripted }

func (*optionsWithArg) Options(string) clientOptions {
	return clientOptions{TracerProvider: new(recTracing)}
}

type optionsNotStruct struct{ scripted }

func (*optionsNotStruct) Options() int { return 1 }

type optionsNilPointer struct{ scripted }

func (*optionsNilPointer) Options() *clientOptions { return nil }

type optionsWrongTypes struct{ scripted }

func (*optionsWrongTypes) Options() struct {
	TracerProvider *recTracing
	MeterProvider  any
} {
	return struct {
		TracerProvider *recTracing
		MeterProvider  any
	}{new(recTracing), new(recMetrics)}
}

type optionsEmbeddedNil struct{ scripted }

type embedsProviders struct{ *clientOptions }

func (*optionsEmbeddedNil) Options() embedsProviders { return embedsProviders{} }

// TestTelemetryProviderDefaults: Decorate reads the client's providers once;
// an explicit one in Options wins; an option can clear them; Nop providers
// and odd Options methods give none.
func TestTelemetryProviderDefaults(t *testing.T) {
	clientTP, clientMP := new(recTracing), new(recMetrics)
	ownTP := new(recTracing)
	withClient := &optionsClient{o: clientOptions{TracerProvider: clientTP, MeterProvider: clientMP}}
	tests := []struct {
		name   string
		client any
		opt    func(*awsretry.Options)
		wantTP tracing.TracerProvider
		wantMP metrics.MeterProvider
	}{
		{"from the client", withClient, func(*awsretry.Options) {}, clientTP, clientMP},
		{"explicit wins", withClient, func(o *awsretry.Options) { o.TracerProvider = ownTP }, ownTP, clientMP},
		{"cleared by an option", withClient, withProviders(nil, nil), nil, nil},
		{"Nop providers are none", &optionsClient{o: clientOptions{TracerProvider: &tracing.NopTracerProvider{}, MeterProvider: metrics.NopMeterProvider{}}}, func(*awsretry.Options) {}, nil, nil},
		{"a real ec2.Client without providers", awstest.EC2(t, "http://127.0.0.1:1"), func(*awsretry.Options) {}, nil, nil},
		{"a real ec2.Client with providers", awstest.EC2(t, "http://127.0.0.1:1", func(o *ec2.Options) { o.TracerProvider, o.MeterProvider = clientTP, clientMP }), func(*awsretry.Options) {}, clientTP, clientMP},
		{"no Options method", newScripted(), func(*awsretry.Options) {}, nil, nil},
		{"Options takes an argument", &optionsWithArg{}, func(*awsretry.Options) {}, nil, nil},
		{"Options returns an int", &optionsNotStruct{}, func(*awsretry.Options) {}, nil, nil},
		{"Options returns a nil pointer", &optionsNilPointer{}, func(*awsretry.Options) {}, nil, nil},
		{"fields of other types", &optionsWrongTypes{}, func(*awsretry.Options) {}, nil, nil},
		{"fields behind a nil embedded pointer", &optionsEmbeddedNil{}, func(*awsretry.Options) {}, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := awsretry.Decorate(tt.client, tt.opt)
			require.NoError(t, err)
			assert.Equal(t, tt.wantTP, p.Options().TracerProvider)
			assert.Equal(t, tt.wantMP, p.Options().MeterProvider)
		})
	}

	t.Run("read once, at Decorate", func(t *testing.T) {
		c := &optionsClient{o: clientOptions{TracerProvider: clientTP}}
		p := awsretry.MustDecorate(c)
		c.o.TracerProvider = ownTP
		_, err := p.Call("Op", context.Background(), &OpInput{})
		require.NoError(t, err)
		assert.Empty(t, ownTP.named("awsretry.Op"))
		assert.NotEmpty(t, clientTP.named("awsretry.Op"))
	})
}
