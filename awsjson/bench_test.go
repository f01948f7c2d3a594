package awsjson_test

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	ddb "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/awsretry/awsretry/awsjson"
)

// describeOutput is a DescribeInstancesOutput with 3 reservations of 2
// instances, each with tags, a volume, a network interface and a state.
func describeOutput() *ec2.DescribeInstancesOutput {
	launch := time.Date(2024, 3, 1, 12, 30, 15, 0, time.UTC)
	out := &ec2.DescribeInstancesOutput{}
	for r := range 3 {
		res := types.Reservation{ReservationId: aws.String(fmt.Sprintf("r-%017d", r)), OwnerId: aws.String("123456789012")}
		for i := range 2 {
			res.Instances = append(res.Instances, types.Instance{
				InstanceId: aws.String(fmt.Sprintf("i-%017d", r*10+i)), ImageId: aws.String("ami-12345678"),
				InstanceType: types.InstanceTypeT3Micro, LaunchTime: &launch, Architecture: types.ArchitectureValuesX8664,
				PrivateIpAddress: aws.String("10.0.0.1"), SubnetId: aws.String("subnet-1"), VpcId: aws.String("vpc-1"),
				State: &types.InstanceState{Code: aws.Int32(16), Name: types.InstanceStateNameRunning},
				Tags:  []types.Tag{{Key: aws.String("Name"), Value: aws.String("web")}, {Key: aws.String("team"), Value: aws.String("ops")}},
				BlockDeviceMappings: []types.InstanceBlockDeviceMapping{{DeviceName: aws.String("/dev/sda1"), Ebs: &types.EbsInstanceBlockDevice{
					AttachTime: &launch, DeleteOnTermination: aws.Bool(true), Status: types.AttachmentStatusAttached, VolumeId: aws.String("vol-1")}}},
				NetworkInterfaces: []types.InstanceNetworkInterface{{NetworkInterfaceId: aws.String("eni-1"), MacAddress: aws.String("06:00:00:00:00:01"),
					PrivateIpAddresses: []types.InstancePrivateIpAddress{{Primary: aws.Bool(true), PrivateIpAddress: aws.String("10.0.0.1")}}}},
			})
		}
		out.Reservations = append(out.Reservations, res)
	}
	return out
}

// putItemInput is a PutItemInput with 8 attributes of several kinds.
func putItemInput() *dynamodb.PutItemInput {
	return &dynamodb.PutItemInput{TableName: aws.String("t"), Item: map[string]ddb.AttributeValue{
		"pk": &ddb.AttributeValueMemberS{Value: "user#1"}, "n": &ddb.AttributeValueMemberN{Value: "42"},
		"ok": &ddb.AttributeValueMemberBOOL{Value: true}, "tags": &ddb.AttributeValueMemberSS{Value: []string{"a", "b", "c"}},
		"bin": &ddb.AttributeValueMemberB{Value: []byte("0123456789")},
		"list": &ddb.AttributeValueMemberL{Value: []ddb.AttributeValue{
			&ddb.AttributeValueMemberS{Value: "x"}, &ddb.AttributeValueMemberN{Value: "1"}}},
		"map": &ddb.AttributeValueMemberM{Value: map[string]ddb.AttributeValue{
			"a": &ddb.AttributeValueMemberS{Value: "b"}, "c": &ddb.AttributeValueMemberNULL{Value: true}}},
		"s2": &ddb.AttributeValueMemberS{Value: "a longer string value with some words in it"},
	}}
}

// BenchmarkEncode compares Encode with json.Marshal on the same structs.
// json.Marshal's output is not the CLI's (nulls, untagged unions); this
// measures only the cost.
func BenchmarkEncode(b *testing.B) {
	for _, c := range []struct {
		name string
		v    any
	}{{"DescribeInstancesOutput", describeOutput()}, {"PutItemInput", putItemInput()}} {
		b.Run(c.name+"/awsjson", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := awsjson.Encode(c.v); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(c.name+"/encoding-json", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := json.Marshal(c.v); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkDecode compares Decode with json.Unmarshal on the same JSON and
// structs. json.Unmarshal cannot decode PutItemInput's unions at all, so
// that row has awsjson alone.
func BenchmarkDecode(b *testing.B) {
	desc, err := awsjson.Encode(describeOutput())
	if err != nil {
		b.Fatal(err)
	}
	put, err := awsjson.Encode(putItemInput())
	if err != nil {
		b.Fatal(err)
	}
	unions := awsjson.UnionsFrom(&dynamodb.Client{})
	for _, c := range []struct {
		name string
		data []byte
		new  func() any
		std  bool
	}{
		{"DescribeInstancesOutput", desc, func() any { return &ec2.DescribeInstancesOutput{} }, true},
		{"RunInstancesInput", runInstancesJSON, func() any { return &ec2.RunInstancesInput{} }, true},
		{"PutItemInput", put, func() any { return &dynamodb.PutItemInput{} }, false},
	} {
		b.Run(c.name+"/awsjson", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := awsjson.Decode(c.data, c.new(), unions); err != nil {
					b.Fatal(err)
				}
			}
		})
		if c.std {
			b.Run(c.name+"/encoding-json", func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					if err := json.Unmarshal(c.data, c.new()); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// BenchmarkDecodeMap is DecodeMap of parsed JSON (what encoding/json
// makes of the same input as BenchmarkDecode's), whose cost includes the
// check of depth and UTF-8 before encoding/json writes it.
func BenchmarkDecodeMap(b *testing.B) {
	put, err := awsjson.Encode(putItemInput())
	if err != nil {
		b.Fatal(err)
	}
	unions := awsjson.UnionsFrom(&dynamodb.Client{})
	for _, c := range []struct {
		name string
		data []byte
		new  func() any
	}{
		{"RunInstancesInput", runInstancesJSON, func() any { return &ec2.RunInstancesInput{} }},
		{"PutItemInput", put, func() any { return &dynamodb.PutItemInput{} }},
	} {
		var m map[string]any
		if err := json.Unmarshal(c.data, &m); err != nil {
			b.Fatal(err)
		}
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := awsjson.DecodeMap(m, c.new(), unions); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// runInstancesJSON is a RunInstancesInput as a runbook would give it.
var runInstancesJSON = []byte(`{"ImageId":"ami-12345678","MinCount":1,"MaxCount":1,"InstanceType":"t3.micro","KeyName":"k",
	"SecurityGroupIds":["sg-1","sg-2"],"SubnetId":"subnet-1","UserData":"IyEvYmluL3NoCmVjaG8gaGk=",
	"TagSpecifications":[{"ResourceType":"instance","Tags":[{"Key":"Name","Value":"web"},{"Key":"team","Value":"ops"}]}],
	"BlockDeviceMappings":[{"DeviceName":"/dev/sda1","Ebs":{"VolumeSize":20,"VolumeType":"gp3","DeleteOnTermination":true}}]}`)

// BenchmarkPaired runs awsjson and encoding/json on the same struct in
// turns in one loop and times each call, so that the machine's drift falls
// on both alike, and reports the median time of each and their ratio
// (awsjson/std; below 1 is faster). A median, not a total: the few calls a
// GC stretches do not rule it.
func BenchmarkPaired(b *testing.B) {
	desc := describeOutput()
	descJSON, _ := awsjson.Encode(desc)
	put := putItemInput()
	for _, c := range []struct {
		name      string
		ours, std func() error
	}{
		{"Encode/DescribeInstancesOutput",
			func() error { _, err := awsjson.Encode(desc); return err },
			func() error { _, err := json.Marshal(desc); return err }},
		{"Encode/PutItemInput",
			func() error { _, err := awsjson.Encode(put); return err },
			func() error { _, err := json.Marshal(put); return err }},
		{"Decode/DescribeInstancesOutput",
			func() error { return awsjson.Decode(descJSON, &ec2.DescribeInstancesOutput{}) },
			func() error { return json.Unmarshal(descJSON, &ec2.DescribeInstancesOutput{}) }},
		{"Decode/RunInstancesInput",
			func() error { return awsjson.Decode(runInstancesJSON, &ec2.RunInstancesInput{}) },
			func() error { return json.Unmarshal(runInstancesJSON, &ec2.RunInstancesInput{}) }},
	} {
		b.Run(c.name, func(b *testing.B) {
			var ours, std []time.Duration
			turn := 0
			for b.Loop() {
				for k := range 2 {
					fn, times := c.ours, &ours
					if (turn+k)%2 == 1 {
						fn, times = c.std, &std
					}
					t0 := time.Now()
					if err := fn(); err != nil {
						b.Fatal(err)
					}
					*times = append(*times, time.Since(t0))
				}
				turn++
			}
			mo, ms := median(ours), median(std)
			b.ReportMetric(float64(mo.Nanoseconds()), "awsjson-ns")
			b.ReportMetric(float64(ms.Nanoseconds()), "std-ns")
			b.ReportMetric(float64(mo)/float64(ms), "awsjson/std")
		})
	}
}

// median returns the middle of ds, which it sorts.
func median(ds []time.Duration) time.Duration {
	slices.Sort(ds)
	return ds[len(ds)/2]
}

// BenchmarkErrorCost compares Decode of a RunInstancesInput whose one key
// is unknown and n bytes long with a valid input of the same size (a
// UserData of n bytes), so that an error's cost can be set beside a
// success's: the "did you mean" hint must not make a long name dear.
func BenchmarkErrorCost(b *testing.B) {
	for _, n := range []int{1 << 10, 64 << 10, 1 << 20} {
		name := strings.Repeat("Q", n)
		unknown := []byte(`{"ImageId":"ami-1","MinCount":1,"MaxCount":1,"` + name + `":1}`)
		valid := []byte(`{"ImageId":"ami-1","MinCount":1,"MaxCount":1,"UserData":"` + name + `"}`)
		b.Run(fmt.Sprintf("unknown-key/%dKB", n>>10), func(b *testing.B) {
			b.SetBytes(int64(len(unknown)))
			b.ReportAllocs()
			for b.Loop() {
				if err := awsjson.Decode(unknown, &ec2.RunInstancesInput{}); err == nil {
					b.Fatal("no error")
				}
			}
		})
		b.Run(fmt.Sprintf("valid/%dKB", n>>10), func(b *testing.B) {
			b.SetBytes(int64(len(valid)))
			b.ReportAllocs()
			for b.Loop() {
				if err := awsjson.Decode(valid, &ec2.RunInstancesInput{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
