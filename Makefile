# Gymtastic. `make run` serves the API on the embedded SQLite database;
# `make test` runs every test (PostgreSQL suites need a server on
# 127.0.0.1:5432, user postgres; see README).

GO        ?= go
BIN       ?= bin/gymtastic
TEST_FLAGS ?= -race -count=1 -timeout 15m

.PHONY: run build test bench lint fmt vet clean

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
## (first one line saying whether the PostgreSQL suites run or are skipped)
test:
	@$(GO) run ./core/testenv/pgstatus
	@command -v chromium >/dev/null || echo "Chromium not found: the docs page's browser test skips (apt-get install chromium)"
	$(GO) test $(TEST_FLAGS) ./...

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
