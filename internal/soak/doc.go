// Package soak holds awsretry's soak test (go test ./internal/soak, or
// make soak): minutes of mixed load from many goroutines against moto (EC2)
// and dynalite (DynamoDB), each behind a fault-injecting proxy, and a full
// accounting afterwards, read back from the servers, of what happened to
// every call and every write. See docs/RELIABILITY.md.
package soak
