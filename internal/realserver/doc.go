// Package realserver holds awsretry's real-server scenarios: real SDK
// clients through a Proxy against moto (EC2, S3, DynamoDB) and dynalite
// (DynamoDB), most of them behind awstest's fault-injecting proxy. They are
// eventual consistency, faults the default rules do and do not retry,
// retries that multiply across the SDK's layer, ClientToken idempotency,
// cancellation under load, the Limiter behind a rate limit, and Pages on
// real servers. They take most of a minute, so they live here and not in
// the root package, whose own tests run in about a second. The servers are
// started by internal/awstest; with CI=true a missing one fails the test.
// The package has no code of its own: go test ./internal/realserver runs it.
package realserver
