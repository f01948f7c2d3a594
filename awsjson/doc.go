// Package awsjson calls AWS operations from data: boto3- and AWS CLI-shaped
// JSON in, the operation called through an awsretry.Proxy, and JSON out that
// reads like the AWS CLI's.
//
//	p := awsretry.MustDecorate(ec2.NewFromConfig(cfg))
//	out, err := awsjson.Call(ctx, p, "describe_instances",
//		[]byte(`{"Filters": [{"Name": "tag:team", "Values": ["ops"]}]}`))
//
// Call resolves a Go, boto3 or CLI operation name, decodes the input into a
// new SDK input struct, calls it through the proxy (its retries, Budget and
// Stats apply), and encodes the output. Decode, DecodeMap and Encode are the
// parts, for use with the SDK directly.
//
// # Why not encoding/json
//
// On SDK structs, encoding/json drops unknown keys (EC2's wire name "Filter"
// for Filters, and DescribeInstances lists every instance), matches keys in
// any case, takes blobs only as base64 and timestamps only as RFC 3339,
// cannot decode unions (DynamoDB's AttributeValue), documents or streams,
// and prints every nil pointer as null. Decode is strict instead: an
// unknown key, two keys for one member, a wrong JSON type or a number out
// of range is an *Error that names the JSON path and wraps
// awsretry.ErrInvalidArguments, and nothing is called. No error holds a
// value from the input.
//
// # Names
//
// A key is a member's name as the API model spells it, or that name with
// only its first letter's case changed; the Go field name is one of the two:
// ECS's and SNS's camelCase members ("cluster", "nextToken") match the
// fields Cluster and NextToken. Encode writes the model's name where the
// SDK type has a schema (a Serialize method: the JSON-protocol services of
// the current SDK), and the Go field name elsewhere. A union is an object
// with one key, the member's tag, the type's name after "Member":
// {"S": "a"} for AttributeValueMemberS. The members of a union come from
// RegisterUnion, or, where the service ships Deserialize methods (DynamoDB,
// SQS, Lambda, ECS, KMS in the current SDK), from the client itself: Call
// finds them with no registration (see UnionsFrom).
//
// # Where the output differs from the AWS CLI's
//
// Measured against moto 5.2.1 with the AWS CLI 1.45 on the calls of this
// package's tests (moto_test.go), comparing every JSON path:
//
//	call                              paths that differ
//	ec2 describe-instances --filters  none
//	dynamodb get-item                 none (values equal too)
//	s3api list-objects-v2             EncodingType: the CLI asks for URL-encoded keys and decodes them;
//	                                  the Go SDK does not ask, so the service does not answer it
//	s3api list-objects-v2 (paginated) the CLI merges pages: no IsTruncated, KeyCount, MaxKeys, Name;
//	                                  it adds "RequestCharged": null. Call makes one call.
//
// Other differences, by design:
//   - Timestamps: the CLI v1 prints the service's text ("2024-03-01T12:30:15.000Z");
//     awsjson prints ISO 8601 in UTC as the CLI v2 does ("2024-03-01T12:30:15+00:00"),
//     with a fraction to the nanosecond where the SDK's time has one; the CLI v2
//     (Python's datetime) stops at the microsecond.
//   - Member names of a camelCase service whose SDK types have no schema
//     (SNS's nextToken, a query-protocol member) are printed with Go's
//     capital: NextToken.
//   - Member order: the CLI prints the service's order, awsjson the SDK
//     struct's order; map keys are sorted. JSON readers do not care.
//   - A member the SDK holds as a value, not a pointer (a few numbers and
//     bools with model defaults), is printed even when the service left it
//     out, as 0 or false: the SDK cannot tell the two apart.
//   - Streaming bodies (S3 GetObject's Body) go to the SaveStream hook, as
//     the CLI writes them to its outfile argument.
//   - Floats are written as Python's json writes them (1e-07, 0.0001,
//     42.0, 1e+16); a float32 member is written from its float32 value,
//     where the CLI would print the service's text.
package awsjson
