// Package oteltest checks awsretry's spans and metrics end to end with the
// real OpenTelemetry SDK, through smithy-go's smithyoteltracing and
// smithyotelmetrics adapters. It is a module of its own, so that library
// users never download OpenTelemetry; make test runs it.
package oteltest
