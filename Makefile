# pingflow — `make test` runs every test suite; `make bench` the benchmarks.
SHELL := /bin/bash
GO    ?= go

.PHONY: test test-flowcore test-emulator bench cover lint staticcheck
.PHONY: wasm size size-check test-wasm test-bridge bench-bridge tools chromium wasmbrowsertest bridge-deps emulator-bin dist
.PHONY: run page test-e2e bench-e2e

# size-check comes last so that every suite has run and reported before the budget is judged.
test: lint test-flowcore test-emulator test-wasm test-bridge test-e2e size-check

# staticcheck (pinned, installed when missing) over every package, natively and for the module.
STATICCHECK_VERSION := v0.8.2
STATICCHECK         := $(shell $(GO) env GOPATH)/bin/staticcheck

staticcheck:
	@if ! $(GO) version -m $(STATICCHECK) 2>/dev/null | grep -q "mod.*honnef.co/go/tools.*$(STATICCHECK_VERSION)"; then \
		echo "installing staticcheck $(STATICCHECK_VERSION)"; \
		GOBIN=$(dir $(STATICCHECK)) $(GO) install honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION); \
	fi

lint: staticcheck
	@test -z "$$(gofmt -l flowcore wasm example-app)" || { echo "gofmt needed:"; gofmt -l flowcore wasm example-app; exit 1; }
	$(STATICCHECK) ./...
	GOOS=js GOARCH=wasm $(STATICCHECK) ./wasm/...

# flowcore: vet, tests (transcripts, tables, fuzz seeds, example), coverage floor of 85%.
test-flowcore:
	$(GO) vet ./flowcore/...
	$(GO) test -count=1 -coverprofile=coverage.out ./flowcore/...
	@$(GO) tool cover -func=coverage.out | awk '/^total:/ { sub("%","",$$3); printf "flowcore coverage: %s%%\n", $$3; if ($$3+0 < 85) { print "flowcore coverage is below 85%"; exit 1 } }'
	@$(MAKE) --no-print-directory fuzz FUZZTIME=$(FUZZTIME_CI)

# Every fuzz target in flowcore, one after another, each for FUZZTIME: briefly inside make test
# (FUZZTIME_CI), long with `make fuzz` (FUZZTIME=10m make fuzz for longer still). A failure
# leaves its input in flowcore/testdata/fuzz/<target>/, which later plain test runs replay. A
# failure of the fuzzing engine itself that names no input (a worker lost on a loaded machine)
# is shown and the target run once more.
FUZZ_TARGETS := $(shell grep -ho '^func Fuzz[A-Za-z0-9_]*' flowcore/*_test.go | cut -c6-)
FUZZTIME     ?= 2m
FUZZTIME_CI  := 4s

.PHONY: fuzz
fuzz:
	@set -e; out=$$(mktemp); trap 'rm -f $$out' EXIT; for t in $(FUZZ_TARGETS); do \
		printf '%-18s ' $$t; \
		if $(GO) test -run '^$$' -fuzz "^$$t\$$" -fuzztime $(FUZZTIME) ./flowcore >$$out 2>&1 || \
			{ ! grep -q 'Failing input written' $$out && { echo "(the fuzzing engine failed without a failing input; once more)"; cat $$out; true; } && \
			  $(GO) test -run '^$$' -fuzz "^$$t\$$" -fuzztime $(FUZZTIME) ./flowcore >$$out 2>&1; }; then \
			awk '/^fuzz: elapsed.*execs: [0-9]/ { last = $$0 } END { sub(/.*execs: /, "", last); sub(/ \(.*/, "", last); print "ok, " (last == "" ? "baseline only" : last " executions") }' $$out; \
		else echo FAILED; cat $$out; exit 1; fi; \
	done

# the emulator: httptest suites under the race detector.
test-emulator:
	$(GO) vet ./example-app/...
	$(GO) test -count=1 -race ./example-app/...

# Every benchmark in one run (about three minutes), then one table beside issue 12's thresholds and
# one JSON line (example-app/e2e/bench/report.mjs): the Node measurements (bridge/bench/run.mjs),
# the engine's ns/op (go test -bench ./flowcore/...), and in one headless Chromium the first step
# of /signon/ against a hand-written page (cold and warm), the first DaVinci form against Ping's
# davinci-client and by hand, a whole sign-on against raw fetch, the module's bytes as served and
# its memory. Timings are printed, never asserted. RUNS=n changes the page loads per kind (11).
bench: size chromium bridge-deps page
	$(e2e_setup)
	cd $(E2E_DIR) && PINGFLOW_APP_BIN=$(E2E_BIN) PINGFLOW_EMULATOR=$(E2E_BIN) node bench/report.mjs

# ---- wasm/ and bridge/ ----------------------------------------------------------------------

GOBIN_DIR               := $(shell $(GO) env GOPATH)/bin
WASMBROWSERTEST_VERSION := v0.11.0
WASMBROWSERTEST         := $(GOBIN_DIR)/wasmbrowsertest
WASM                    := bridge/pingflow.wasm
WASM_EXEC               := bridge/wasm_exec.js
# The transfer budget for the module, gzip -9 bytes.
WASM_GZIP_BUDGET        := 1100000
# The module as served to browsers that accept brotli (its .br file): issue 12's line.
WASM_BROTLI_BUDGET      := 800000
# The emulator binary the bridge tests start (node_modules is git-ignored and holds caches).
EMULATOR_BIN            := $(CURDIR)/bridge/node_modules/.cache/pingflow/example-app

# The module and the wasm_exec.js of the same Go release (they must match): both git-ignored.
# -gcflags=github.com/pingflow/pingflow/...=-l: the standard library (the runtime above all) is
# inlined, pingflow's own packages are not. Browsers and Node compile a module's functions lazily,
# on their first call, so start-up and the first calls pay for every function they touch:
# inlining the runtime halves the functions compiled before the first step is on screen (about
# 1,120 → 725 functions, 830 → 735 KB of code). Inlining pingflow's packages too adds about 38 KB
# gzipped and made no difference we could measure; inlining nothing is about 24 KB smaller gzipped.
# -X main.version stamps bridge/package.json's version into the module; the bridge refuses a module
# of another version (one built without the flag reports "dev", which it accepts).
PACKAGE_VERSION         := $(shell sed -n 's/^  "version": "\([^"]*\)".*/\1/p' bridge/package.json)
# It also writes what the demo site serves as is: $(WASM).br (brotli quality 11, through Node's
# zlib, so no extra tool; about 11 s on 2 cores) and $(WASM).gz (gzip -9 -n), both git-ignored and
# remade only when the module is newer. The module is replaced only when its bytes change, so an
# unchanged build keeps its time and its compressed files.
wasm:
	@test -n "$(PACKAGE_VERSION)" || { echo "cannot read the version from bridge/package.json"; exit 1; }
	GOOS=js GOARCH=wasm $(GO) build -trimpath -ldflags='-s -w -X main.version=$(PACKAGE_VERSION)' -gcflags='github.com/pingflow/pingflow/...=-l' -o $(WASM).tmp ./wasm
	@if cmp -s $(WASM).tmp $(WASM); then rm $(WASM).tmp; else mv $(WASM).tmp $(WASM); fi
	cp "$$($(GO) env GOROOT)/lib/wasm/wasm_exec.js" $(WASM_EXEC)
	@set -e; pids=; \
	if [ ! -f $(WASM).br ] || [ $(WASM) -nt $(WASM).br ]; then echo "brotli -11 $(WASM) > $(WASM).br"; \
		node -e 'const z=require("zlib"),fs=require("fs"),[src,dst]=process.argv.slice(1),raw=fs.readFileSync(src);fs.writeFileSync(dst+".tmp",z.brotliCompressSync(raw,{params:{[z.constants.BROTLI_PARAM_QUALITY]:11,[z.constants.BROTLI_PARAM_SIZE_HINT]:raw.length}}));fs.renameSync(dst+".tmp",dst)' $(WASM) $(WASM).br & pids="$$pids $$!"; fi; \
	if [ ! -f $(WASM).gz ] || [ $(WASM) -nt $(WASM).gz ]; then echo "gzip -9 $(WASM) > $(WASM).gz"; \
		{ gzip -9 -n -c $(WASM) > $(WASM).gz.tmp && mv $(WASM).gz.tmp $(WASM).gz; } & pids="$$pids $$!"; fi; \
	for p in $$pids; do wait $$p; done

# Raw, gzip -9 and brotli-11 sizes: those of the files make wasm wrote, the bytes the site serves.
size: wasm
	@raw=$$(stat -c %s $(WASM)); gz=$$(stat -c %s $(WASM).gz); br=$$(stat -c %s $(WASM).br); \
	printf '%s: raw %s bytes, gzip -9 %s bytes, brotli-11 %s bytes as served (budgets: gzip %s, brotli %s)\n' $(WASM) $$raw $$gz $$br $(WASM_GZIP_BUDGET) $(WASM_BROTLI_BUDGET)

size-check: size
	@gz=$$(gzip -9 -c $(WASM) | wc -c); br=$$(stat -c %s $(WASM).br); fail=; \
	if [ $$gz -gt $(WASM_GZIP_BUDGET) ]; then \
		echo "size budget exceeded: $(WASM) is $$gz bytes gzipped, the budget is $(WASM_GZIP_BUDGET)"; fail=1; \
	else echo "size budget met: $$gz <= $(WASM_GZIP_BUDGET) bytes gzipped"; fi; \
	if [ $$br -gt $(WASM_BROTLI_BUDGET) ]; then \
		echo "size budget exceeded: $(WASM).br, as served, is $$br bytes, the budget is $(WASM_BROTLI_BUDGET)"; fail=1; \
	else echo "size budget met: $$br <= $(WASM_BROTLI_BUDGET) bytes brotli-11 as served"; fi; \
	test -z "$$fail"

# Tools, installed only when missing: Debian's Chromium (for wasmbrowsertest), the pinned
# wasmbrowsertest, and the bridge's npm dev dependencies (from package-lock.json).
tools: chromium wasmbrowsertest bridge-deps

chromium:
	@if [ ! -x /usr/bin/chromium ]; then \
		echo "installing Chromium from Debian packages"; \
		apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium chromium-driver; \
	fi

# Reinstalled when the binary there was built from another version.
wasmbrowsertest:
	@if ! $(GO) version -m $(WASMBROWSERTEST) 2>/dev/null | grep -q "mod.*github.com/agnivade/wasmbrowsertest.*$(WASMBROWSERTEST_VERSION)"; then \
		echo "installing wasmbrowsertest $(WASMBROWSERTEST_VERSION) into $(GOBIN_DIR)"; \
		GOBIN=$(GOBIN_DIR) $(GO) install github.com/agnivade/wasmbrowsertest@$(WASMBROWSERTEST_VERSION); \
	fi

# Installed when missing or older than the lock file (npm writes node_modules/.package-lock.json).
# esbuild among them also builds web/'s min file: web/ installs nothing of its own.
bridge-deps:
	@if [ ! -f bridge/node_modules/.package-lock.json ] || [ bridge/package-lock.json -nt bridge/node_modules/.package-lock.json ]; then cd bridge && npm ci --no-audit --no-fund; fi

emulator-bin:
	@mkdir -p $(dir $(EMULATOR_BIN))
	$(GO) build -o $(EMULATOR_BIN) ./example-app

# wasm: native tests (build tags, no net/http), then the package's tests in headless Chromium.
# chromedp logs "could not unmarshal event" for CDP values newer than it knows; that noise is
# dropped, the exit status is kept.
test-wasm: chromium wasmbrowsertest
	GOOS=js GOARCH=wasm $(GO) vet ./wasm/...
	$(GO) test -count=1 ./wasm/...
	set -o pipefail; GOOS=js GOARCH=wasm $(GO) test -count=1 -exec=$(WASMBROWSERTEST) ./wasm/... 2>&1 | { grep -v 'could not unmarshal event' || true; }

# bridge: every flow end to end against the emulator, and the type declarations.
test-bridge: wasm bridge-deps emulator-bin
	cd bridge && PINGFLOW_EMULATOR=$(EMULATOR_BIN) node --test test/*.test.js

# Module size, start time in Node and per-call overhead through the bridge.
bench-bridge: size bridge-deps
	cd bridge && node bench/run.mjs

# The npm packages @pingflow/bridge and @pingflow/signon, packed into dist/ (git-ignored). Each
# prepack (bridge/scripts, web/scripts) builds what its tarball needs — the module, the min file,
# LICENSE — and fails naming any file the package would lack.
dist: wasm bridge-deps
	@mkdir -p dist
	cd bridge && npm pack --pack-destination ../dist
	cd web && npm pack --pack-destination ../dist

# ---- web/ and the demo (example-app) -----------------------------------------------------------

# The demo on http://localhost:8080 (ADDR=127.0.0.1:9000 to change it): the SPA, the web/
# sign-on page and the module, beside the local PingOne emulator.
ADDR    ?= localhost:8080
E2E_DIR := example-app/e2e
E2E_BIN := $(CURDIR)/$(E2E_DIR)/node_modules/.cache/pingflow/example-app

run: wasm page
	$(GO) run ./example-app -addr $(ADDR)

# The sign-on page as served: web/scripts/build-page.mjs bundles the page and the bridge into one
# minified ESM file each (esbuild from bridge/node_modules), named by their content, with the
# module's early compile and an index.html naming them, in web/dist/page/ (git-ignored; about a
# second). example-app serves it at /signon/ with a year-long immutable cache; its -sources flag
# serves web/'s unbundled files instead (`go run ./example-app -sources`).
page: wasm bridge-deps
	node web/scripts/build-page.mjs

# npm dev dependencies when missing or older than the lock file (npm writes
# node_modules/.package-lock.json), and the example-app binary the browser suite starts.
define e2e_setup
	@if [ ! -f $(E2E_DIR)/node_modules/.package-lock.json ] || [ $(E2E_DIR)/package-lock.json -nt $(E2E_DIR)/node_modules/.package-lock.json ]; then cd $(E2E_DIR) && npm ci --no-audit --no-fund; fi
	@mkdir -p $(dir $(E2E_BIN))
	$(GO) build -o $(E2E_BIN) ./example-app
endef

# The sign-on page's unit tests (one of them drives the element in Chromium with the e2e
# suite's playwright-core, hence after its set-up), then the browser suite: playwright-core (npm)
# driving Debian's Chromium against example-app on a free port; screenshots land in
# example-app/e2e/screenshots/.
test-e2e: wasm chromium bridge-deps page
	$(e2e_setup)
	cd web && node --test test/
	cd $(E2E_DIR) && PINGFLOW_APP_BIN=$(E2E_BIN) node --test --test-concurrency=1 tests/

# The Chromium half of make bench alone (first step, DaVinci, sign-on in the page, bytes, memory).
bench-e2e: wasm chromium page
	$(e2e_setup)
	cd $(E2E_DIR) && PINGFLOW_APP_BIN=$(E2E_BIN) node bench/report.mjs browser
