# Gymtastic. `make run` serves the API on the embedded SQLite database;
# `make test` runs every test (PostgreSQL suites need a server on
# 127.0.0.1:5432, user postgres; see README).

GO        ?= go
BIN       ?= bin/gymtastic
TEST_FLAGS ?= -race -count=1 -timeout 15m

.PHONY: run build test bench lint fmt vet clean openapi-lint

## run: migrate gymtastic.db, load fixtures when empty, serve on 127.0.0.1:8000
run:
	@echo "building gymtastic (the first build downloads modules and compiles for a few minutes)…"
	$(GO) build -o $(BIN) ./cmd/gymtastic
	@echo "starting $(BIN) serve --migrate --fixtures-if-empty"
	@$(BIN) serve --migrate --fixtures-if-empty

## build: a static binary in bin/
## (stripped and path-free, as the Dockerfile builds it)
build:
	CGO_ENABLED=0 $(GO) build -trimpath -ldflags="-s -w" -o $(BIN) ./cmd/gymtastic

## test: every test, with the race detector, on SQLite and PostgreSQL
## (first one line saying whether the PostgreSQL suites run or are skipped),
## then the OpenAPI lint (openapi-lint)
test:
	@$(GO) run ./core/testenv/pgstatus
	@command -v chromium >/dev/null || echo "Chromium not found: the docs page's browser test skips (apt-get install chromium)"
	$(GO) test $(TEST_FLAGS) ./...
	@$(MAKE) --no-print-directory openapi-lint

## openapi-lint: print the OpenAPI document (every feature enabled) to
## bin/openapi.json and lint it with the pinned @redocly/cli (needs Node.js
## 18.17+ and npm; tools/openapi-lint holds the pin and redocly.yaml)
LINT_DIR := tools/openapi-lint
openapi-lint: $(LINT_DIR)/node_modules/.package-lock.json
	@mkdir -p bin
	$(GO) run ./cmd/gymtastic openapi > bin/openapi.json
	$(LINT_DIR)/node_modules/.bin/redocly lint --config $(LINT_DIR)/redocly.yaml bin/openapi.json

# npm ci runs only when node_modules is missing or older than the lock.
$(LINT_DIR)/node_modules/.package-lock.json: $(LINT_DIR)/package-lock.json $(LINT_DIR)/package.json
	npm ci --prefix $(LINT_DIR) --no-audit --no-fund
	@touch $@

## bench: seed PostgreSQL in bulk, run pgbench and the HTTP load, check the
## invariants (bench/run.sh; needs psql and pgbench; see docs/performance.md)
bench:
	bench/run.sh

## lint: gofmt and go vet
lint: fmt vet
fmt:
	@out=$$(gofmt -l .); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
vet:
	$(GO) vet ./...

clean:
	rm -rf bin gymtastic.db gymtastic.db-wal gymtastic.db-shm
