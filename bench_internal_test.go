package awsretry

import (
	"reflect"
	"runtime"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/ec2"
)

// BenchmarkDecorateEC2 measures Decorate on an *ec2.Client, which has over
// 800 methods: First clears the cached method table each time, Repeat finds
// it cached, and FirstLookup adds the first lookup of one method, which
// describes it. (reflect's own caches, such as FuncOf's, stay warm after the
// first iteration, as they would after any earlier use of the types in a
// process; -benchtime 1x in a fresh process shows the cold cost.)
func BenchmarkDecorateEC2(b *testing.B) {
	c := ec2.New(ec2.Options{Region: "us-east-1"})
	t := reflect.TypeOf(c)
	if n := t.NumMethod(); n < 800 {
		b.Fatalf("*ec2.Client has %d methods, want over 800", n)
	}

	// Retained is the live heap that a first Decorate and one method's first
	// lookup add, reported as retained-B.
	b.Run("Retained", func(b *testing.B) {
		tables.Delete(t)
		before := liveHeap()
		p := MustDecorate(c)
		if _, err := p.lookup("DescribeInstances"); err != nil {
			b.Fatal(err)
		}
		after := liveHeap()
		runtime.KeepAlive(p)
		for b.Loop() {
		}
		b.ReportMetric(float64(after)-float64(before), "retained-B")
	})

	b.Run("First", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			tables.Delete(t)
			p, err := Decorate(c)
			if err != nil {
				b.Fatal(err)
			}
			sinkProxy = p
		}
	})

	b.Run("FirstLookup", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			tables.Delete(t)
			p := MustDecorate(c)
			if _, err := p.lookup("DescribeInstances"); err != nil {
				b.Fatal(err)
			}
			sinkProxy = p
		}
	})

	b.Run("Repeat", func(b *testing.B) {
		MustDecorate(c)
		b.ReportAllocs()
		for b.Loop() {
			p, err := Decorate(c)
			if err != nil {
				b.Fatal(err)
			}
			sinkProxy = p
		}
	})
}

var sinkProxy *Proxy

// liveHeap returns the bytes of live heap objects after a full collection.
func liveHeap() uint64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapAlloc
}
