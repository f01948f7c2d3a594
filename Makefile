# The two commands a newcomer needs: `make demo` and `make test`.
GO   ?= go
NPM  ?= npm
NODE_DIR := internal/awstest/testdata
NODE_STAMP := $(NODE_DIR)/node_modules/.package-lock.json

.PHONY: demo test deps vet staticcheck api soak fuzz bench bench-storm bench-sim bench-fleet fuzz-awsjson bench-awsjson

## demo: retries a real EC2 client against a built-in local endpoint (no AWS account).
demo:
	$(GO) run ./examples/demo

## test: installs the test servers (npm packages, redis-server), then, in every module (the root, internal/oteltest,
## redisstore, examples/fleet, bench), vets, runs staticcheck and runs every test under -race (the API check, the doc
## check and a 10 s soak among them). A failing step does not stop the others: .ci/check ends with a list of the
## steps that failed, and fails.
CHECK = GO='$(GO)' STATICCHECK='$(STATICCHECK)' .ci/check
test: deps
	$(CHECK)

## deps: dynalite, pinned by package-lock.json, and Debian's redis-server (apt-get, as root), for the real-server tests.
deps: $(NODE_STAMP) redis-server

# redis-server: installed when missing; the tests run the binary on a port of their own, not a service.
.PHONY: redis-server
redis-server:
	@command -v redis-server >/dev/null && exit 0; \
	if [ "$$(id -u)" != 0 ]; then echo "make deps: redis-server is missing and this is not root: run apt-get install -y redis-server as root, or the Redis tests skip (and fail under CI=true)" >&2; exit 0; fi; \
	export DEBIAN_FRONTEND=noninteractive; \
	apt-get install -y -q redis-server || { apt-get update -q && apt-get install -y -q redis-server; }

$(NODE_STAMP): $(NODE_DIR)/package.json $(NODE_DIR)/package-lock.json
	$(NPM) ci --prefix $(NODE_DIR) --no-audit --no-fund

vet:
	$(CHECK) vet

## staticcheck: pinned like benchstat; its checks are in staticcheck.conf (the defaults plus ST1000-ST1022, doc comments).
## .ci/check builds every step with -race, the packages staticcheck loads included; staticcheck itself is not (-race=false).
STATICCHECK ?= $(GO) run -race=false honnef.co/go/tools/cmd/staticcheck@v0.8.2
staticcheck:
	$(CHECK) staticcheck

## api: rewrites api/v0.1.0.txt, the recorded exported API of every public package, after an intended change.
## make test fails when a recorded name is removed or changes, and lists additions (go test -v ./internal/apicheck).
api:
	$(GO) test -count=1 ./internal/apicheck -run '^TestAPI$$' -update

## soak: SOAK (default 60s) of mixed load from 200 goroutines against moto and dynalite behind fault proxies,
## then a full accounting (docs/RELIABILITY.md). SOAK_SEED=N replays a run's faults. make test runs a 10 s one.
## The proxies share a Limiter; SOAK_LIMITER=off leaves it out.
SOAK ?= 60s
soak: deps
	SOAK=$(SOAK) $(GO) test -race -count=1 -v -timeout 0 -run '^TestSoak$$' ./internal/soak

## fuzz: runs each fuzz target for FUZZTIME (default 30s) from its corpus in testdata/fuzz/<target>
## (go test runs that corpus on every make test, too).
FUZZTIME ?= 30s
# package:target pairs, run one after another (make fuzz-awsjson runs the second alone).
FUZZ_TARGETS ?= .:FuzzCall ./awsjson:FuzzDecode
fuzz:
	for t in $(FUZZ_TARGETS); do $(GO) test -run '^$$' -fuzz "^$${t#*:}$$" -fuzztime $(FUZZTIME) "$${t%%:*}" || exit 1; done

## bench: cost per call. Interleaved runs of every root benchmark, then benchstat (docs/BENCHMARKS.md);
## then the same with and without OpenTelemetry providers (internal/oteltest), then awsjson beside encoding/json.
BENCH_RUNS ?= 8
BENCHSTAT  ?= $(GO) run golang.org/x/perf/cmd/benchstat@v0.0.0-20260908200009-22c9c6c9d4da
bench:
	mkdir -p bench/out
	$(GO) test -c -o bench/out/awsretry.test .
	for i in $$(seq $(BENCH_RUNS)); do bench/out/awsretry.test -test.run '^$$' -test.bench . -test.benchmem; done | tee bench/out/cost.txt
	$(BENCHSTAT) bench/out/cost.txt
	cd internal/oteltest && $(GO) test -run '^$$' -bench . -benchmem -count $(BENCH_RUNS) . | tee ../../bench/out/otel.txt
	$(BENCHSTAT) bench/out/otel.txt
	$(MAKE) bench-awsjson

## bench-storm: retry storms against a throttling loopback EC2 server; rewrites the "Retry storms" table in docs/BENCHMARKS.md and docs/storm.png
## (about 2 minutes), then the Limiter's scenarios 6 to 10 on loopback in its "Loopback" section (about 30 minutes).
bench-storm:
	cd bench && $(GO) run ./storm -out ../docs
	cd bench && $(GO) run ./storm -scenarios -only 'FullJitter$$|FullJitter \+ Limiter|v0.1.0 Limiter|SDK adaptive$$|failsafe|oracle' -out ../docs

## fuzz-awsjson: runs awsjson's Decode fuzz target for FUZZTIME (default 30s).
fuzz-awsjson:
	$(GO) test -run '^$$' -fuzz FuzzDecode -fuzztime $(FUZZTIME) ./awsjson

## bench-awsjson: awsjson's Decode and Encode beside encoding/json on the same structs, interleaved runs, then benchstat.
bench-awsjson:
	mkdir -p bench/out
	$(GO) test -c -o bench/out/awsjson.test ./awsjson
	for i in $$(seq $(BENCH_RUNS)); do bench/out/awsjson.test -test.run '^$$' -test.bench . -test.benchmem; done | tee bench/out/awsjson.txt
	$(BENCHSTAT) bench/out/awsjson.txt

## bench-sim: the Limiter's scenarios 1 to 10 in virtual time (bench/sim), seeds 1-3; writes docs/sim.md, its copy in docs/BENCHMARKS.md, and docs/step.png
## (about 12 minutes on 2 shared cores).
bench-sim:
	cd bench && $(GO) run ./simstorm -out ../docs

## bench-fleet: N real processes of examples/fleet (20 × 5 workers, 100 × 1) against one loopback EC2 bucket, with and without
## Limiters sharing Redis; rewrites "Many processes" in docs/BENCHMARKS.md and docs/fleet.png (about 13 minutes on 2 cores).
## FLEET=... passes flags for a shorter run, such as FLEET='-sizes 20x5 -repeats 1 -rows redis -trace'.
bench-fleet: redis-server
	cd bench && $(GO) run ./fleet -out ../docs $(FLEET)
