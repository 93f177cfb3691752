# pingflow — `make test` runs every test suite; `make bench` the benchmarks.
SHELL := /bin/bash
GO    ?= go

.PHONY: test test-flowcore test-emulator bench cover

test: test-flowcore test-emulator

# flowcore: vet, tests (transcripts, tables, fuzz seeds, example), coverage floor of 85%.
test-flowcore:
	$(GO) vet ./flowcore/...
	$(GO) test -count=1 -coverprofile=coverage.out ./flowcore/...
	@$(GO) tool cover -func=coverage.out | awk '/^total:/ { sub("%","",$$3); printf "flowcore coverage: %s%%\n", $$3; if ($$3+0 < 85) { print "flowcore coverage is below 85%"; exit 1 } }'

# the emulator: httptest suites under the race detector.
test-emulator:
	$(GO) vet ./example-app/...
	$(GO) test -count=1 -race ./example-app/...

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./flowcore/...
