# mygemini — two commands on a fresh machine:
#   make run    set up, build the web app, migrate and serve on http://127.0.0.1:8000 (embedded mode)
#   make test   set up, then lint, type check, Python tests, web unit tests, browser tests
SHELL := /bin/bash
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
PYTEST_ARGS ?=
# A pytest run still going after this long is interrupted (SIGINT: pytest prints where it was
# and its summary), so a hung test shows in the log before CI's own limit cuts everything off.
PYTEST_TIMEOUT ?= 1500
PYTEST := timeout -s INT -k 60 $(PYTEST_TIMEOUT) $(BIN)/pytest
# The PostgreSQL/Redis pass: required under CI, skipped with a message elsewhere when absent.
TEST_PG_URL ?= postgresql+asyncpg://postgres@127.0.0.1:5432/test
TEST_REDIS_URL ?= redis://127.0.0.1:6379/15
TORCH_VERSION ?= 2.13.0

.PHONY: run dev test test-stream-here test-stream-scaled test-stream-browser setup web api api-check lint boundaries weblint typecheck pytest pytest-scaled webtest e2e e2e-built browser lock clean

run: setup web
	$(BIN)/mygemini serve

dev: setup web
	$(BIN)/mygemini serve --reload

# Three streams at once. The suites wait for much of their time (on sockets, subprocesses, the
# database and the browser), so on two cores the PostgreSQL/Redis pass and the browser tests
# overlap the checks and the SQLite pass instead of following them (bench/README.md, tenth pass).
# Each step's output is printed whole when it ends.
test: setup $(VENV)/.installed-sd tests/node/node_modules/.installed web browser
	@$(MAKE) --no-print-directory -j3 --output-sync=target \
		test-stream-here test-stream-scaled test-stream-browser
	@echo "make test: all green"

test-stream-here:
	@for step in lint typecheck weblint api-check webtest pytest; do \
		$(MAKE) --no-print-directory $$step || exit 1; done

test-stream-scaled: pytest-scaled

test-stream-browser: e2e-built

setup: $(VENV)/.installed web/node_modules/.installed

$(VENV)/.installed: pyproject.toml constraints.txt
	@$(PY) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11+ is required"'
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q --disable-pip-version-check -U pip
	$(BIN)/pip install -q --disable-pip-version-check -c constraints.txt -e '.[dev]'
	touch $@

# Writes constraints.txt again from a clean environment of pyproject.toml's newest allowed
# versions (after changing a dependency); then run `make test` and commit both.
lock:
	rm -rf $(VENV).lock && $(PY) -m venv $(VENV).lock
	$(VENV).lock/bin/pip install -q --disable-pip-version-check -U pip
	$(VENV).lock/bin/pip install -q --disable-pip-version-check torch==$(TORCH_VERSION)
	$(VENV).lock/bin/pip install -q --disable-pip-version-check -e '.[dev,sd]' torch==$(TORCH_VERSION)
	{ sed -n '/^#/p' constraints.txt; \
	  $(VENV).lock/bin/pip freeze --exclude-editable | grep -v '^torch=='; } > constraints.txt.new
	mv constraints.txt.new constraints.txt && rm -rf $(VENV).lock

# The Stable Diffusion backend's tests run on CPU with tiny random-weight models. torch 2.13.0 is
# the CPU build this machine keeps on disk (a bare `torch` would pull a multi-GB CUDA build).
$(VENV)/.installed-sd: $(VENV)/.installed
	$(BIN)/pip install -q --disable-pip-version-check torch==$(TORCH_VERSION)
	$(BIN)/pip install -q --disable-pip-version-check -c constraints.txt -e '.[dev,sd]' \
		torch==$(TORCH_VERSION)
	touch $@

web/node_modules/.installed: web/package.json web/package-lock.json
	cd web && npm ci --no-audit --no-fund --loglevel=error
	touch $@

# The certified OpenID provider (panva's oidc-provider) that the sign-in tests run against.
tests/node/node_modules/.installed: tests/node/package.json tests/node/package-lock.json
	cd tests/node && npm ci --no-audit --no-fund --loglevel=error
	touch $@

web: web/node_modules/.installed
	cd web && npm run build --silent

# Regenerate the OpenAPI document, the socket.io events' schema and their types from the server.
api: $(VENV)/.installed web/node_modules/.installed
	$(BIN)/mygemini openapi web/openapi.json
	$(BIN)/mygemini socket-schema web/socket-schema.json
	cd web && npm run gen:api --silent && npm run gen:socket --silent

# Fails when web/openapi.json, web/socket-schema.json or web/src/api is stale against the server.
api-check: $(VENV)/.installed web/node_modules/.installed
	@$(BIN)/mygemini openapi $(VENV)/openapi.check.json
	@diff -q web/openapi.json $(VENV)/openapi.check.json >/dev/null || \
		{ echo "web/openapi.json is stale: run 'make api' and commit"; exit 1; }
	@$(BIN)/mygemini socket-schema $(VENV)/socket-schema.check.json
	@diff -q web/socket-schema.json $(VENV)/socket-schema.check.json >/dev/null || \
		{ echo "web/socket-schema.json is stale: run 'make api' and commit"; exit 1; }
	cd web && npm run check:api --silent

lint: $(VENV)/.installed boundaries
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

# ESLint over the web app (TypeScript, hooks, accessibility, TanStack Query rules); warnings fail.
weblint: web/node_modules/.installed
	cd web && npm run lint --silent

# The import-linter contracts in pyproject.toml: which domain may import which (ADR 0008).
boundaries: $(VENV)/.installed
	$(BIN)/lint-imports

typecheck: $(VENV)/.installed
	$(BIN)/mypy

# Embedded pass: SQLite, in-process pub/sub.
pytest: $(VENV)/.installed tests/node/node_modules/.installed
	$(PYTEST) -m "not e2e" -q $(PYTEST_ARGS)

# Scaled-out pass: the same suite against PostgreSQL and Redis.
pytest-scaled: $(VENV)/.installed tests/node/node_modules/.installed
	@if $(BIN)/python tests/services.py "$(TEST_PG_URL)" "$(TEST_REDIS_URL)"; then \
		MYGEMINI_TEST_DATABASE_URL="$(TEST_PG_URL)" MYGEMINI_TEST_REDIS_URL="$(TEST_REDIS_URL)" \
		$(PYTEST) -m "not e2e" -q -o cache_dir=.pytest_cache/scaled $(PYTEST_ARGS); \
	elif [ "$$CI" = "true" ]; then \
		echo "CI: PostgreSQL and Redis are required for the scaled-out pass"; exit 1; \
	else \
		echo "SKIPPED scaled-out pass: PostgreSQL/Redis not reachable (see above)"; \
	fi

webtest: web/node_modules/.installed
	cd web && npm test --silent

e2e: $(VENV)/.installed web browser
	@$(MAKE) --no-print-directory e2e-built

# The browser tests on the web build already made (make test builds it before its streams).
e2e-built: $(VENV)/.installed
	$(PYTEST) -m e2e -q -o cache_dir=.pytest_cache/e2e $(PYTEST_ARGS)

# Browser tests drive Debian's Chromium; it is never downloaded by a test tool.
browser:
	@command -v chromium >/dev/null || { \
		if [ "$$(id -u)" = 0 ]; then \
			(apt-get update -qq && apt-get install -y -qq chromium >/dev/null); \
		else \
			echo "Chromium is missing: run 'sudo apt-get install -y chromium'"; exit 1; \
		fi; }

clean:
	rm -rf $(VENV) web/node_modules tests/node/node_modules web/dist var .pytest_cache .mypy_cache .ruff_cache
