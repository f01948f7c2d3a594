package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/awsretry/awsretry"
)

// printUsage writes --help's text: the flags with the library's defaults,
// an example, and the exit codes.
func printUsage(w io.Writer) {
	d := awsretry.DefaultOptions()
	fmt.Fprintf(w, `Usage: awsretry [flags] [--] command [args...]

Runs command, the AWS CLI first, and runs it again while it fails with an AWS
error code that awsretry 1.0.2 retries:
  %s,
  and any code matching %s, such as InvalidInstanceID.NotFound.
The code is read from the CLI's error line, "An error occurred (CODE) when
calling the ... operation". A failure without a code is not retried, unless
--transient is given.

Flags:
  --tries N                     attempts in all, the first included (default %d)
  --delay D                     sleep before the first retry: a Go duration (2s, 500ms)
                                or a number of seconds (default %v)
  --backoff F                   each sleep is the one before times F (default %v)
  --max-delay D                 cap on one sleep, before jitter; 0 is no cap (default 0)
  --jitter none|full|equal|decorrelated
                                how sleeps are randomized (default none)
  --added-exceptions CODES      codes to retry besides the defaults; comma-separated,
                                repeatable
  --excluded-exceptions CODES   codes never retried; comma-separated, repeatable
  --timeout D                   deadline for all attempts, sleeps included; 0 is none
                                (default 0)
  --transient                   also retry the CLI's connection errors (Could not
                                connect, Connect timeout, Read timeout, Connection was
                                closed) and HTTP 500, 502, 503 and 504
  --keep-cli-retries            do not set AWS_MAX_ATTEMPTS=1 and AWS_RETRY_MODE=standard
                                for the command (by default they are set unless already
                                in the environment, so that the CLI does not retry
                                inside each attempt)
  -v                            every attempt's stderr, and a line per retry with the
                                attempt, the code and the delay (never the arguments);
                                without -v only the last attempt's stderr is shown
  -h, --help                    this text

Only the last attempt's stdout is written. Standard input is read as the command
reads it and replayed to every attempt, up to %d MiB.

Example:
  awsretry --tries 20 --delay 2s --backoff 1.5 --added-exceptions ConcurrentTagAccess -- \
    aws ec2 create-tags --resources "$id" --tags Key=team,Value=ops

Exit status: the last attempt's; %d for bad flags; %d when --timeout stopped a running
attempt; %d when awsretry itself failed; %d when the command cannot be run; %d when it
is not found; 128+N after signal N stopped it.
`, strings.Join(awsretry.DefaultExceptions(), ", "), awsretry.NotFoundPattern,
		d.Tries, d.Delay, d.Backoff, maxStdin>>20,
		exitUsage, exitTimeout, exitFailed, exitCannotRun, exitNotFound)
}
