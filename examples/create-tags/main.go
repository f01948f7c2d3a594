// Command create-tags is the second example of Python awsretry's README in
// Go:
//
//	@AWSRetry.backoff(tries=20, delay=2, backoff=1.5, added_exceptions=['ConcurrentTagAccess'])
//	def create_tags():
//	    client = boto3.client('ec2')
//	    resources = ['1', '2']
//	    tags = [{'Key': 'service', 'Value': 'web-app'}]
//	    client.create_tags(Resources=resources, Tags=tags)
//
// It wraps the client's CreateTags method with awsretry.Wrap, so the wrapped
// function has CreateTags's own signature, and tags the -resources with each
// -tag (service=web-app if none is given). Retries are logged to stderr.
//
// Note that, as in Python awsretry, a "...NotFound" code is retried: tagging
// an instance id that does not exist retries 20 times, for hours at this
// schedule. Interrupt it with Ctrl-C.
//
// Credentials and the rest come from the SDK's default chain. -endpoint
// points the client at any EC2-compatible endpoint; for example, against
// moto_server:
//
//	moto_server -p 5000 &
//	AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test \
//		go run ./examples/create-tags -endpoint http://127.0.0.1:5000 \
//		-resources i-0123456789abcdef0,vol-0123456789abcdef0 -tag service=web-app
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/awsretry/awsretry"
	"github.com/awsretry/awsretry/examples/internal/cli"
)

func main() {
	newClient := cli.EC2Flags() // -endpoint, -region
	resources := flag.String("resources", "", "comma-separated resource ids to tag (required)")
	var tags []types.Tag
	flag.Func("tag", "a tag `key=value` to set; repeat for more (default service=web-app)", func(s string) error {
		k, v, ok := strings.Cut(s, "=")
		if !ok || k == "" {
			return errors.New("want key=value")
		}
		tags = append(tags, types.Tag{Key: aws.String(k), Value: aws.String(v)})
		return nil
	})
	flag.Parse()

	ids := splitList(*resources)
	if len(ids) == 0 {
		fmt.Fprintln(os.Stderr, "create-tags: -resources is required")
		flag.Usage()
		os.Exit(2)
	}
	if len(tags) == 0 {
		tags = []types.Tag{{Key: aws.String("service"), Value: aws.String("web-app")}}
	}

	cli.Main("create-tags", func(ctx context.Context) error {
		client, err := newClient(ctx)
		if err != nil {
			return err
		}

		// @AWSRetry.backoff(tries=20, delay=2, backoff=1.5, added_exceptions=['ConcurrentTagAccess'])
		createTags, err := awsretry.Wrap(client.CreateTags, func(o *awsretry.Options) {
			o.Tries = 20
			o.Delay = 2 * time.Second
			o.Backoff = 1.5
			o.AddedExceptions = []string{"ConcurrentTagAccess"}
			o.Logger = slog.New(slog.NewTextHandler(os.Stderr, nil))
		})
		if err != nil {
			return err
		}
		// createTags has CreateTags's own signature.
		if _, err := createTags(ctx, &ec2.CreateTagsInput{Resources: ids, Tags: tags}); err != nil {
			return err
		}

		// Tag values can hold anything, so only the keys are printed.
		keys := make([]string, len(tags))
		for i, t := range tags {
			keys[i] = aws.ToString(t.Key)
		}
		fmt.Printf("tagged %s with %s\n", strings.Join(ids, ", "), strings.Join(keys, ", "))
		return nil
	})
}

// splitList splits a comma-separated list, dropping spaces and empty items.
func splitList(s string) []string {
	var out []string
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}
