# HàngViệt — two commands: `make run` (the platform with demo data) and `make test` (every check).
SHELL := /bin/bash
VENV ?= .venv
BIN := $(VENV)/bin
# The first Python ≥ 3.12 found (pyenv's .python-version is honoured by `python3`).
PYTHON ?= $(shell for p in python3 python3.13 python3.12 python; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null \
	&& { echo $$p; break; }; done)
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/hangviet
# Three workers on two cores: a third of the suite waits on real servers and browsers, not the CPU.
PYTEST_WORKERS ?= 3
PYTEST_ARGS ?=
# make fuzz: generated requests per API operation (make test runs 30; tests/config/fuzz_params.py).
FUZZ_LONG_EXAMPLES ?= 1000

# uv regenerates the locks (make locks); the same flags for both, so the shared pins agree.
UV ?= uv
LOCK_FLAGS := --universal --python-version 3.12 --generate-hashes

.PHONY: run network-demo test install install-prod locks lint typecheck test-sqlite test-postgres messages clean \
	fuzz browser test-deploy mutate

# $(1): the lock to install. The project itself goes in editable, without its dependencies (the lock
# has them all, with hashes).
define venv_install
	@test -n "$(PYTHON)" || { echo "HàngViệt needs Python >= 3.12 (python3.12 or newer on PATH)"; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r $(1)
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e . 2>/dev/null \
		|| $(BIN)/python -m pip install --quiet --no-deps -e .
endef

# Development (make run, test, lint): requirements-dev.lock, the runtime pins plus the test and lint tools.
$(BIN)/.installed: requirements-dev.lock pyproject.toml
	$(call venv_install,requirements-dev.lock)
	@touch $@

install: $(BIN)/.installed

# A server: requirements.lock only, what hangviet run/serve/worker need (no pytest, ruff or mypy).
install-prod:
	$(call venv_install,requirements.lock)

# Regenerate both locks from pyproject.toml (needs uv on PATH, or UV=/path/to/uv); existing pins are
# kept unless pyproject.toml asks otherwise (uv pip compile --upgrade-package NAME to move one).
locks:
	$(UV) pip compile pyproject.toml $(LOCK_FLAGS) -o requirements.lock
	$(UV) pip compile pyproject.toml --extra dev $(LOCK_FLAGS) -o requirements-dev.lock

# `make run PORT=8001 NODE=cantho NODE_PROVINCE=92 NODE_NAME="HàngViệt Cần Thơ"`: another province's node
# beside the first, with its own var/nodes/<NODE>/ (database, keys, media) and that province's small demo
# catalog (92 Cần Thơ, 79 TP Hồ Chí Minh); peer the nodes at /officer/network/ (docs/network.md).
NODE_ENV = HANGVIET_VAR_DIR=var/nodes/$(NODE) HANGVIET_NODE_ID=$(NODE).localhost \
	HANGVIET_NODE_NAME="$(or $(NODE_NAME),HàngViệt $(NODE))" \
	HANGVIET_NODE_PROVINCE=$(or $(NODE_PROVINCE),92) HANGVIET_PROVINCE_CODE=$(or $(NODE_PROVINCE),92) \
	HANGVIET_BASE_URL=http://127.0.0.1:$(or $(PORT),8000)
run: install
ifdef NODE
	$(NODE_ENV) $(BIN)/hangviet migrate --noinput -v 0
	$(NODE_ENV) $(BIN)/hangviet network demo
	$(NODE_ENV) HANGVIET_DEMO=0 $(BIN)/hangviet run
else
	$(BIN)/hangviet run
endif

# Three peered nodes of the provincial network (Vĩnh Long :8000, Cần Thơ :8001, TP Hồ Chí Minh :8002), each
# with its own demo catalog under var/demo-network/<node>/; Ctrl-C stops all three (docs/network.md).
network-demo: install
	$(BIN)/hangviet demo-network

# lint-imports: the rooms' one-way dependencies (pyproject.toml [tool.importlinter], docs/architecture.md).
lint: install
	$(BIN)/ruff check src tests bench scripts
	$(BIN)/ruff format --check src tests bench scripts
	$(BIN)/lint-imports

typecheck: install
	$(BIN)/mypy src

test-sqlite: install
	env -u DATABASE_URL $(BIN)/pytest -n $(PYTEST_WORKERS) -q $(PYTEST_ARGS)

# Runs when PostgreSQL answers; with REQUIRE_POSTGRES=1 (CI) an unreachable server is a failure.
test-postgres: install
	@if $(BIN)/python -c "import psycopg,sys,urllib.parse as u; p=u.urlparse('$(TEST_DATABASE_URL)'); \
	psycopg.connect(host=p.hostname, port=p.port or 5432, user=p.username, dbname='postgres', connect_timeout=3).close()" 2>/dev/null; then \
		echo "== PostgreSQL leg: $(TEST_DATABASE_URL)"; \
		DATABASE_URL=$(TEST_DATABASE_URL) $(BIN)/pytest -n $(PYTEST_WORKERS) -q $(PYTEST_ARGS) && echo "== PostgreSQL leg: ran"; \
	elif [ "$(REQUIRE_POSTGRES)" = "1" ]; then \
		echo "== PostgreSQL leg: server unreachable and REQUIRE_POSTGRES=1"; exit 1; \
	else echo "== PostgreSQL leg: skipped (no server at $(TEST_DATABASE_URL))"; fi

# tests/e2e drive Debian's Chromium: installed here when missing and the machine allows it (root + apt);
# otherwise the browser tests say why they were skipped (pytest -rs).
browser:
	@command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 \
		|| { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 \
			&& (apt-get install -y -qq chromium >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq chromium >/dev/null)) \
			&& echo "== installed Debian's chromium for the browser tests"; } \
		|| echo "== no Chromium, and it cannot be installed here: tests/e2e will be skipped"

test: lint typecheck browser test-sqlite test-postgres test-deploy

# The multi-instance test (tests/deploy/test_multi_instance.py): two instances behind haproxy, a PostgreSQL
# primary and replica, Redis, an S3 server. haproxy is installed where the machine allows (root + apt);
# without it the test is skipped with this line, except under REQUIRE_DEPLOY=1 (CI), where that fails.
test-deploy: install
	@command -v haproxy >/dev/null 2>&1 \
		|| { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 \
			&& (apt-get install -y -qq haproxy >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq haproxy >/dev/null)) \
			&& echo "== installed Debian's haproxy for the multi-instance test"; } || true
	@if command -v haproxy >/dev/null 2>&1 || [ "$(REQUIRE_DEPLOY)" = "1" ]; then \
		HANGVIET_DEPLOY_TEST=1 $(BIN)/pytest -n 0 -p no:randomly -q tests/deploy/test_multi_instance.py; \
	else echo "== multi-instance test: skipped (no haproxy, and it cannot be installed here)"; fi

# The API fuzz of make test, much longer (FUZZ_LONG_EXAMPLES requests per operation, FUZZ_SEED to change
# the draw), on SQLite and PostgreSQL; not part of make test. docs/api.md, "Contract tests".
fuzz: install
	FUZZ_EXAMPLES=$(FUZZ_LONG_EXAMPLES) $(MAKE) --no-print-directory test-sqlite test-postgres \
		PYTEST_ARGS="tests/config/test_api_fuzz.py tests/config/fuzz_stateful.py $(PYTEST_ARGS)"

# Mutation testing of the pure-logic rules (scripts/mutate.py, docs/testing.md): one operator, constant or
# branch changed at a time, the module's tests must notice. Not part of make test (slow): run before a release.
# MUTATE_MAX mutants per module (a fixed sample, MUTATE_SEED; 0 = all), MUTATE_MODULES to pick some.
MUTATE_MAX ?= 40
MUTATE_SEED ?= 0
MUTATE_MODULES ?=
mutate: install
	@mkdir -p var
	MUTATE_MAX=$(MUTATE_MAX) MUTATE_SEED=$(MUTATE_SEED) env -u DATABASE_URL $(BIN)/python scripts/mutate.py \
		--report var/mutate.md $(MUTATE_MODULES)

# Every catalog is recompiled (touched first: a .mo taken from one side of a merge may be newer than its .po).
messages: install
	find src/hangviet -name django.po -path '*/LC_MESSAGES/*' -exec touch {} +
	cd src/hangviet && for app in */; do [ -d $$app/locale ] && (cd $$app && ../../../$(BIN)/hangviet compilemessages -v 0) || true; done

clean:
	rm -rf $(VENV) var/static var/cache
