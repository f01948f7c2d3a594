package awsretry

import (
	"reflect"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/ec2"
)

// BenchmarkDecorateEC2 measures Decorate on an *ec2.Client, which has over
// 800 methods: First clears the cached method table each time, Repeat finds
// it cached. (reflect's own caches, such as FuncOf's, stay warm in First
// after its first iteration, as they would after any earlier use of the
// types in a process.)
func BenchmarkDecorateEC2(b *testing.B) {
	c := ec2.New(ec2.Options{Region: "us-east-1"})
	t := reflect.TypeOf(c)
	if n := t.NumMethod(); n < 800 {
		b.Fatalf("*ec2.Client has %d methods, want over 800", n)
	}

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
