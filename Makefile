# The two commands a newcomer needs: `make demo` and `make test`.
GO   ?= go
NPM  ?= npm
NODE_DIR := internal/awstest/testdata
NODE_STAMP := $(NODE_DIR)/node_modules/.package-lock.json

.PHONY: demo test deps vet fuzz

## demo: retries a real EC2 client against a built-in local endpoint (no AWS account).
demo:
	$(GO) run ./examples/demo

## test: installs the test servers' npm packages, then vets and runs every test under -race.
test: deps vet
	$(GO) test -race -count=1 ./...

## deps: dynalite, pinned by package-lock.json, for the real-server tests.
deps: $(NODE_STAMP)

$(NODE_STAMP): $(NODE_DIR)/package.json $(NODE_DIR)/package-lock.json
	$(NPM) ci --prefix $(NODE_DIR) --no-audit --no-fund

vet:
	$(GO) vet ./...

## fuzz: runs the Call fuzz target for FUZZTIME (default 30s).
FUZZTIME ?= 30s
fuzz:
	$(GO) test -run '^$$' -fuzz FuzzCall -fuzztime $(FUZZTIME) .
