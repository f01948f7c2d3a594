package redisstore_test

import (
	"crypto/tls"
	"fmt"

	"github.com/redis/go-redis/v9"

	"github.com/awsretry/awsretry/redisstore"
)

// A Store for one account and region, through a client that carries TLS
// and an ACL user: the Store dials nothing itself.
func ExampleNew() {
	client := redis.NewClient(&redis.Options{
		Addr:                  "127.0.0.1:6379",
		Username:              "awsretry", // an ACL user: see the package doc for its commands
		Password:              "secret",
		TLSConfig:             &tls.Config{MinVersion: tls.VersionTLS12},
		ContextTimeoutEnabled: true, // a command past Options.Timeout is canceled
	})
	defer client.Close()
	store, err := redisstore.New(client, func(o *redisstore.Options) {
		o.Prefix = "awsretry:123456789012:eu-west-1"
	})
	fmt.Println(store != nil, err)
	// Output: true <nil>
}
