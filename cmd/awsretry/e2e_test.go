package main

import (
	"bufio"
	"context"
	"errors"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/awsretry/awsretry/internal/awstest"
)

// The end-to-end tests run the built command as a subprocess around the
// real AWS CLI v1, against moto behind an awstest.FaultProxy. Each test has
// its own proxy, which counts the requests; they run in parallel, since the
// CLI takes about a second to start.

// built is the command, built once for the end-to-end tests.
var built struct {
	once      sync.Once
	dir, path string
	err       error
}

// awsretryBinary builds the command into a temporary directory, once, and
// returns its path.
func awsretryBinary(t *testing.T) string {
	t.Helper()
	built.once.Do(func() {
		if built.dir, built.err = os.MkdirTemp("", "awsretry-e2e-"); built.err != nil {
			return
		}
		built.path = filepath.Join(built.dir, "awsretry")
		out, err := exec.Command("go", "build", "-o", built.path, ".").CombinedOutput()
		if err != nil {
			built.err = errors.New(string(out))
		}
	})
	require.NoError(t, built.err, "go build ./cmd/awsretry")
	return built.path
}

// removeBuilt removes what awsretryBinary built; TestMain calls it.
func removeBuilt() {
	if built.dir != "" {
		_ = os.RemoveAll(built.dir)
	}
}

// e2e is what every end-to-end test shares: moto with three reservations.
type e2e struct {
	bin       string
	moto      string   // moto's URL
	instances []string // one instance per reservation
}

// startE2E skips or fails (under CI=true) when the AWS CLI is missing, then
// starts moto and builds the command.
func startE2E(t *testing.T) *e2e {
	t.Helper()
	if _, err := exec.LookPath("aws"); err != nil {
		awstest.Unavailable(t, "the AWS CLI v1 must be on PATH (pip install awscli): %v", err)
	}
	moto := awstest.StartMoto(t)
	e := &e2e{bin: awsretryBinary(t), moto: moto.URL}
	for range 3 { // three reservations: three pages of --page-size 1
		e.instances = append(e.instances, runInstance(t, moto.URL))
	}
	return e
}

// runInstance starts an instance in moto with a plain EC2 query request and
// returns its id.
func runInstance(t *testing.T, moto string) string {
	t.Helper()
	form := url.Values{"Action": {"RunInstances"}, "Version": {"2016-11-15"},
		"ImageId": {"ami-12345678"}, "MinCount": {"1"}, "MaxCount": {"1"}}
	req, err := http.NewRequest(http.MethodPost, moto+"/", strings.NewReader(form.Encode()))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	// moto picks the service from the credential scope.
	req.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential=testing/20260101/"+awstest.Region+"/ec2/aws4_request, SignedHeaders=host, Signature=0")
	resp, err := awstest.HTTPClient(t, time.Minute).Do(req) // moto's first EC2 request loads its backend: seconds
	require.NoError(t, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	m := regexp.MustCompile(`<instanceId>([^<]+)</instanceId>`).FindSubmatch(body)
	require.NotNil(t, m, "RunInstances: %s", body)
	return string(m[1])
}

// proxy starts a FaultProxy in front of moto that fails requests as plan
// says.
func (e *e2e) proxy(t *testing.T, plan map[string][]awstest.Reply) *awstest.FaultProxy {
	return awstest.NewFaultProxy(t, awstest.EC2Query, e.moto, awstest.PerOperation(plan))
}

// cliEnv is an environment for the AWS CLI that reads no real
// configuration: dummy credentials, region us-east-1, config and credentials
// files of its own in dir (config holds configLines), no proxy, no pager.
// Every other AWS_ variable of the test's environment is left out.
func cliEnv(t *testing.T, configLines ...string) []string {
	dir := t.TempDir()
	config := filepath.Join(dir, "config")
	require.NoError(t, os.WriteFile(config, []byte("[default]\n"+strings.Join(configLines, "\n")+"\n"), 0o600))
	creds := filepath.Join(dir, "credentials")
	require.NoError(t, os.WriteFile(creds, nil, 0o600))
	var env []string
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		if !strings.HasPrefix(name, "AWS_") && !strings.EqualFold(name, "http_proxy") &&
			!strings.EqualFold(name, "https_proxy") && !strings.EqualFold(name, "no_proxy") {
			env = append(env, kv)
		}
	}
	return append(env,
		"AWS_ACCESS_KEY_ID=testing", "AWS_SECRET_ACCESS_KEY=testing", "AWS_DEFAULT_REGION="+awstest.Region,
		"AWS_CONFIG_FILE="+config, "AWS_SHARED_CREDENTIALS_FILE="+creds,
		"AWS_EC2_METADATA_DISABLED=true", "AWS_PAGER=", "NO_PROXY=127.0.0.1,localhost")
}

// ran is one run of a command in an end-to-end test.
type ran struct {
	stdout, stderr string
	code           int
}

// command returns the command for args with env, bounded by two minutes.
func command(t *testing.T, env []string, args ...string) *exec.Cmd {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	t.Cleanup(cancel)
	cmd := exec.CommandContext(ctx, args[0], args[1:]...)
	cmd.Env = env
	return cmd
}

// runCmd runs args with env and stdin, and waits for it.
func runCmd(t *testing.T, env []string, stdin string, args ...string) ran {
	t.Helper()
	cmd := command(t, env, args...)
	cmd.Stdin = strings.NewReader(stdin)
	var stdout, stderr strings.Builder
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		require.NoError(t, err)
	}
	return ran{stdout: stdout.String(), stderr: stderr.String(), code: cmd.ProcessState.ExitCode()}
}

// seen counts the requests for operation that reached p.
func seen(p *awstest.FaultProxy, operation string) int {
	n := 0
	for _, r := range p.Requests() {
		if r.Operation == operation {
			n++
		}
	}
	return n
}

// replies is n replies of fault (with code, for Coded).
func replies(n int, fault awstest.Fault, code string) []awstest.Reply {
	return awstest.Replies(n, awstest.Reply{Fault: fault, Code: code})
}

func TestCLI(t *testing.T) {
	e := startE2E(t)
	const describe = "DescribeInstances"
	aws := func(p *awstest.FaultProxy, args ...string) []string {
		return append([]string{"aws", "--endpoint-url", p.URL}, args...)
	}
	awsretry := func(flags []string, cmd ...string) []string {
		return append(append(append([]string{e.bin}, flags...), "--"), cmd...)
	}

	t.Run("a retried run", func(t *testing.T) {
		t.Parallel()
		p := e.proxy(t, map[string][]awstest.Reply{
			describe: {{Fault: awstest.Throttle}, {Fault: awstest.Coded, Code: "InvalidInstanceID.NotFound"}},
		})
		r := runCmd(t, cliEnv(t), "", awsretry([]string{"-v", "--delay", "10ms"}, aws(p, "ec2", "describe-instances", "--output", "json")...)...)
		require.Equal(t, 0, r.code, r.stderr)
		require.Equal(t, 3, seen(p, describe), "one request per attempt: two failed, the third passed")
		require.Contains(t, r.stdout, `"Reservations"`)
		for _, w := range []string{
			"attempt 1 of 10 failed (exit status 255, RequestLimitExceeded); retrying in 10ms",
			"attempt 2 of 10 failed (exit status 255, InvalidInstanceID.NotFound); retrying in 11ms",
			"attempt 3 of 10 succeeded",
		} {
			require.Contains(t, r.stderr, w)
		}
	})

	t.Run("UnauthorizedOperation is never retried", func(t *testing.T) {
		t.Parallel()
		p := e.proxy(t, map[string][]awstest.Reply{describe: replies(5, awstest.Coded, "UnauthorizedOperation")})
		r := runCmd(t, cliEnv(t), "", awsretry([]string{"--delay", "1ms"}, aws(p, "ec2", "describe-instances")...)...)
		require.Equal(t, 255, r.code, "the CLI's exit code")
		require.Equal(t, 1, seen(p, describe))
		require.Contains(t, r.stderr, "An error occurred (UnauthorizedOperation)", "the last attempt's stderr")
	})

	t.Run("--excluded-exceptions", func(t *testing.T) {
		t.Parallel()
		p := e.proxy(t, map[string][]awstest.Reply{describe: replies(5, awstest.Coded, "InvalidInstanceID.NotFound")})
		flags := []string{"--delay", "1ms", "--excluded-exceptions", "InvalidGroup.NotFound,InvalidInstanceID.NotFound"}
		r := runCmd(t, cliEnv(t), "", awsretry(flags, aws(p, "ec2", "describe-instances")...)...)
		require.Equal(t, 255, r.code)
		require.Equal(t, 1, seen(p, describe), "an excluded code is not retried, though NotFoundPattern matches it")
	})

	t.Run("stdout of the last attempt only", func(t *testing.T) {
		t.Parallel()
		// Page 2 of the first attempt is throttled. The CLI prints text
		// output page by page, so that attempt has printed page 1.
		plan := map[string][]awstest.Reply{describe: {{Fault: awstest.Pass}, {Fault: awstest.Throttle}}}
		cmd := []string{"ec2", "describe-instances", "--output", "text", "--page-size", "1",
			"--query", "Reservations[].Instances[].InstanceId"}
		bare := e.proxy(t, plan)
		direct := runCmd(t, append(cliEnv(t), "AWS_MAX_ATTEMPTS=1"), "", aws(bare, cmd...)...)
		require.Equal(t, 255, direct.code)
		require.Equal(t, e.instances[0]+"\n", direct.stdout, "the CLI alone prints the first page, then fails")

		p := e.proxy(t, plan)
		r := runCmd(t, cliEnv(t), "", awsretry([]string{"--delay", "1ms"}, aws(p, cmd...)...)...)
		require.Equal(t, 0, r.code, r.stderr)
		require.Equal(t, 5, seen(p, describe), "2 requests, then 3")
		require.Equal(t, strings.Join(e.instances, "\n")+"\n", r.stdout, "each instance once: the failed attempt's page is not written")
		require.Empty(t, r.stderr, "without -v, the last attempt's stderr only")
	})

	t.Run("stdin replayed", func(t *testing.T) {
		t.Parallel()
		p := e.proxy(t, map[string][]awstest.Reply{"CreateTags": replies(1, awstest.Throttle, "")})
		input := `{"Resources": ["` + e.instances[1] + `"], "Tags": [{"Key": "team", "Value": "ops"}]}`
		// The CLI v1 reads a file:///dev/stdin parameter twice, and a pipe
		// gives it once, so the shell reads the input for it.
		r := runCmd(t, cliEnv(t), input, awsretry([]string{"--delay", "1ms"}, "sh", "-c",
			`exec aws --endpoint-url "$1" ec2 create-tags --cli-input-json "$(cat)"`, "sh", p.URL)...)
		require.Equal(t, 0, r.code, r.stderr)
		var tags []*awstest.Request
		reqs := p.Requests()
		for i := range reqs {
			if reqs[i].Operation == "CreateTags" {
				tags = append(tags, &reqs[i])
			}
		}
		require.Len(t, tags, 2)
		for i, req := range tags {
			require.Equal(t, e.instances[1], req.Params.Get("ResourceId.1"), "attempt %d", i+1)
			require.Equal(t, "team", req.Params.Get("Tag.1.Key"), "attempt %d", i+1)
			require.Equal(t, "ops", req.Params.Get("Tag.1.Value"), "attempt %d", i+1)
		}
		require.Equal(t, http.StatusOK, tags[1].Status, "moto tagged the instance")
	})

	t.Run("the exit code is kept", func(t *testing.T) {
		t.Parallel()
		p := e.proxy(t, map[string][]awstest.Reply{describe: replies(9, awstest.Throttle, "")})
		r := runCmd(t, cliEnv(t), "", awsretry([]string{"--tries", "2", "--delay", "1ms"}, aws(p, "ec2", "describe-instances")...)...)
		require.Equal(t, 255, r.code, "the last attempt's: the CLI's code for an AWS error")
		require.Equal(t, 2, seen(p, describe))
		require.Contains(t, r.stderr, "RequestLimitExceeded")
	})

	t.Run("--timeout refuses a sleep past it", func(t *testing.T) {
		t.Parallel()
		p := e.proxy(t, map[string][]awstest.Reply{describe: replies(9, awstest.Throttle, "")})
		r := runCmd(t, cliEnv(t), "", awsretry([]string{"-v", "--timeout", "90s", "--delay", "1h"}, aws(p, "ec2", "describe-instances")...)...)
		require.Equal(t, 255, r.code)
		require.Equal(t, 1, seen(p, describe))
		require.Contains(t, r.stderr, "stopped by --timeout: the next sleep (1h0m0s) would end after")
	})

	t.Run("--timeout stops a running attempt", func(t *testing.T) {
		t.Parallel()
		p := e.proxy(t, map[string][]awstest.Reply{describe: replies(9, awstest.Hang, "")})
		r := runCmd(t, cliEnv(t), "", awsretry([]string{"--timeout", "3s"}, aws(p, "ec2", "describe-instances")...)...)
		require.Equal(t, exitTimeout, r.code, r.stderr)
		require.Contains(t, r.stderr, "awsretry: --timeout (3s) passed during attempt 1, which was stopped")
		require.LessOrEqual(t, seen(p, describe), 1, "not retried after the deadline")
	})

	t.Run("SIGTERM during a sleep", func(t *testing.T) {
		t.Parallel()
		p := e.proxy(t, map[string][]awstest.Reply{describe: replies(9, awstest.Throttle, "")})
		cmd := command(t, cliEnv(t), awsretry([]string{"-v", "--delay", "1h"}, aws(p, "ec2", "describe-instances")...)...)
		state := signalWhen(t, cmd, "retrying in 1h0m0s", syscall.SIGTERM)
		require.True(t, state.Sys().(syscall.WaitStatus).Signaled(), "ends by the signal: %v", state)
		require.Equal(t, syscall.SIGTERM, state.Sys().(syscall.WaitStatus).Signal())
		require.Equal(t, 1, seen(p, describe), "no attempt after the signal")
	})

	t.Run("SIGTERM during an attempt", func(t *testing.T) {
		t.Parallel()
		p := e.proxy(t, map[string][]awstest.Reply{describe: replies(9, awstest.Hang, "")})
		cmd := command(t, cliEnv(t), awsretry([]string{"-v", "--delay", "1ms"}, aws(p, "ec2", "describe-instances", "--debug")...)...)
		// --debug makes the CLI log the request on stderr before it sends it.
		state := signalWhen(t, cmd, "Sending http request", syscall.SIGTERM)
		require.True(t, state.Sys().(syscall.WaitStatus).Signaled(), "the CLI died by the signal, and so does awsretry: %v", state)
		require.LessOrEqual(t, seen(p, describe), 1, "the attempt is not retried")
	})

	t.Run("the environment of the command", func(t *testing.T) {
		t.Parallel()
		// The caller's config asks the CLI for 2 attempts; awsretry's
		// AWS_MAX_ATTEMPTS=1 wins over it, unless --keep-cli-retries.
		env := cliEnv(t, "max_attempts = 2", "retry_mode = standard")
		one := e.proxy(t, map[string][]awstest.Reply{describe: replies(9, awstest.Throttle, "")})
		r := runCmd(t, env, "", awsretry([]string{"--tries", "1"}, aws(one, "ec2", "describe-instances")...)...)
		require.Equal(t, 255, r.code)
		require.Equal(t, 1, seen(one, describe), "AWS_MAX_ATTEMPTS=1: one request per attempt")

		two := e.proxy(t, map[string][]awstest.Reply{describe: replies(9, awstest.Throttle, "")})
		r = runCmd(t, env, "", awsretry([]string{"--tries", "1", "--keep-cli-retries"}, aws(two, "ec2", "describe-instances")...)...)
		require.Equal(t, 255, r.code)
		require.Equal(t, 2, seen(two, describe), "--keep-cli-retries: the CLI retries as its config says")
	})

	t.Run("--transient", func(t *testing.T) {
		t.Parallel()
		// A 503 with no body (the CLI's code is the status), then a reset
		// connection, then the answer.
		p := e.proxy(t, map[string][]awstest.Reply{describe: {{Fault: awstest.Bare503}, {Fault: awstest.Reset}}})
		r := runCmd(t, cliEnv(t), "", awsretry([]string{"-v", "--delay", "1ms", "--transient"}, aws(p, "ec2", "describe-instances")...)...)
		require.Equal(t, 0, r.code, r.stderr)
		require.Equal(t, 3, seen(p, describe))
		require.Contains(t, r.stderr, "attempt 1 of 10 failed (exit status 255, 503); retrying in 1ms")
		require.Contains(t, r.stderr, "attempt 2 of 10 failed (exit status 255, Connection was closed before we received a valid response); retrying in 1.1ms")
	})

	t.Run("bad flags", func(t *testing.T) {
		t.Parallel()
		p := e.proxy(t, nil)
		for _, flags := range [][]string{{"--tries", "0"}, {"--delay", "soon"}, {"--jitter", "some"}, {"--retries", "3"}} {
			r := runCmd(t, cliEnv(t), "", awsretry(flags, aws(p, "ec2", "describe-instances")...)...)
			require.Equal(t, exitUsage, r.code, "%v", flags)
			require.Regexp(t, ` `+flags[0][1:]+`(:|\n)`, r.stderr, "%v: the message names the flag", flags)
		}
		r := runCmd(t, cliEnv(t), "", e.bin)
		require.Equal(t, exitUsage, r.code, "no command")
		require.Zero(t, p.Seen(), "nothing ran")

		r = runCmd(t, cliEnv(t), "", e.bin, "--help")
		require.Equal(t, 0, r.code)
		require.Contains(t, r.stdout, "(default 10)")
		require.Contains(t, r.stdout, "Example:")
	})
}

// signalWhen starts cmd, sends it sig once word appears on its stderr, and
// returns how it ended.
func signalWhen(t *testing.T, cmd *exec.Cmd, word string, sig os.Signal) *os.ProcessState {
	t.Helper()
	stderr, err := cmd.StderrPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	var lines []string
	found := false
	sc := bufio.NewScanner(stderr)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		lines = append(lines, sc.Text())
		if !found && strings.Contains(sc.Text(), word) {
			found = true
			require.NoError(t, cmd.Process.Signal(sig))
		}
	}
	err = cmd.Wait()
	require.True(t, found, "%q never appeared on stderr:\n%s", word, strings.Join(lines, "\n"))
	var exit *exec.ExitError
	require.ErrorAs(t, err, &exit)
	return cmd.ProcessState
}
