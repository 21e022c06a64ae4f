# The two commands of the README: `make demo` and `make test`. Everything else is what they share.
# Every target sets up what it needs and is safe to run again.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
EVENTS ?= 5000

.PHONY: setup jars chromium lint unit integration test demo bench report grafana topology-docs clean-state help

help:
	@echo "make demo   - set up, start the local stack, stream $(EVENTS) simulated events into ClickHouse, summarise, stop"
	@echo "make test   - set up, lint (ruff, mypy), unit and integration tests on the real broker and engine"
	@echo "make bench  - end-to-end benchmark (JSON)"
	@echo "make report - chorus-report.html from the local store (run make demo first for data)"
	@echo "make setup  - virtualenv, packages and Kafka jars only"

# virtualenv + packages; redone when pyproject.toml changes
$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11+ is needed (set PYTHON=...)")'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	@touch $(STAMP)

# Kafka broker jars from Maven Central, cached in ~/.cache/chorus (shared by every clone)
jars: $(STAMP)
	$(BIN)/chorus stack fetch

setup: $(STAMP) jars

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports --no-cache

# pytest exits 5 when it ran no test: that must fail loudly, not pass
define run_pytest
	$(BIN)/pytest $(1); rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "error: pytest collected no tests" >&2; exit 1; fi; exit $$rc
endef

unit: $(STAMP)
	$(call run_pytest,tests/unit -q)

integration: setup
	bash deploy/install-clickhouse-server.sh
	bash deploy/install-chromium.sh
	$(call run_pytest,tests/integration -q)

test: setup
	bash deploy/install-clickhouse-server.sh
	bash deploy/install-chromium.sh
	$(MAKE) --no-print-directory lint
	$(call run_pytest,tests -q -p no:cacheprovider)

demo: setup
	$(BIN)/chorus demo --events $(EVENTS)

bench: setup
	$(BIN)/chorus bench

report: $(STAMP)
	$(BIN)/chorus report --out chorus-report.html

# deploy/grafana/dashboards/chorus.json is generated from the report's SQL (a unit test checks it)
grafana: $(STAMP)
	$(BIN)/python -m chorus.report.grafana deploy/grafana/dashboards/chorus.json

# docs/architecture.md embeds `chorus topology --format mermaid` (a unit test checks it)
topology-docs: $(STAMP)
	$(BIN)/python -m chorus.topology docs/architecture.md

clean-state:
	-$(BIN)/chorus stack down
	rm -rf .state
