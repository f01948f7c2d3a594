# The two commands a newcomer needs: `make demo` and `make test`.
GO   ?= go
NPM  ?= npm
NODE_DIR := internal/awstest/testdata
NODE_STAMP := $(NODE_DIR)/node_modules/.package-lock.json

.PHONY: demo test deps vet fuzz bench bench-storm bench-sim fuzz-awsjson bench-awsjson

## demo: retries a real EC2 client against a built-in local endpoint (no AWS account).
demo:
	$(GO) run ./examples/demo

## test: installs the test servers' npm packages, then vets and runs every test under -race,
## the OpenTelemetry module internal/oteltest included.
test: deps vet
	$(GO) test -race -count=1 ./...
	cd internal/oteltest && $(GO) test -race -count=1 ./...

## deps: dynalite, pinned by package-lock.json, for the real-server tests.
deps: $(NODE_STAMP)

$(NODE_STAMP): $(NODE_DIR)/package.json $(NODE_DIR)/package-lock.json
	$(NPM) ci --prefix $(NODE_DIR) --no-audit --no-fund

vet:
	$(GO) vet ./...
	cd internal/oteltest && $(GO) vet ./...

## fuzz: runs the Call fuzz target for FUZZTIME (default 30s).
FUZZTIME ?= 30s
fuzz:
	$(GO) test -run '^$$' -fuzz FuzzCall -fuzztime $(FUZZTIME) .

## bench: cost per call. Interleaved runs of every root benchmark, then benchstat (docs/BENCHMARKS.md);
## then the same with and without OpenTelemetry providers (internal/oteltest).
BENCH_RUNS ?= 8
BENCHSTAT  ?= $(GO) run golang.org/x/perf/cmd/benchstat@v0.0.0-20260908200009-22c9c6c9d4da
bench:
	mkdir -p bench/out
	$(GO) test -c -o bench/out/awsretry.test .
	for i in $$(seq $(BENCH_RUNS)); do bench/out/awsretry.test -test.run '^$$' -test.bench . -test.benchmem; done | tee bench/out/cost.txt
	$(BENCHSTAT) bench/out/cost.txt
	cd internal/oteltest && $(GO) test -run '^$$' -bench . -benchmem -count $(BENCH_RUNS) . | tee ../../bench/out/otel.txt
	$(BENCHSTAT) bench/out/otel.txt

## bench-storm: retry storms against a throttling loopback EC2 server; rewrites the "Retry storms" table in docs/BENCHMARKS.md and docs/storm.png (about 90 s).
bench-storm:
	cd bench && $(GO) run ./storm -out ../docs

## fuzz-awsjson: runs awsjson's Decode fuzz target for FUZZTIME (default 30s).
fuzz-awsjson:
	$(GO) test -run '^$$' -fuzz FuzzDecode -fuzztime $(FUZZTIME) ./awsjson

## bench-awsjson: awsjson's Decode and Encode beside encoding/json on the same structs, interleaved runs, then benchstat.
bench-awsjson:
	mkdir -p bench/out
	$(GO) test -c -o bench/out/awsjson.test ./awsjson
	for i in $$(seq $(BENCH_RUNS)); do bench/out/awsjson.test -test.run '^$$' -test.bench . -test.benchmem; done | tee bench/out/awsjson.txt
	$(BENCHSTAT) bench/out/awsjson.txt

## bench-sim: the Limiter's five scenarios in virtual time (bench/sim), seeds 1-3; writes docs/sim.md and docs/step.png (about a minute).
bench-sim:
	cd bench && $(GO) run ./simstorm -out ../docs
