# China's rare-earth trade: reproducible report. `make help` lists the targets.
# Needs only Python 3.11+, pip and make: the first target you run builds .venv and reuses it after.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat requirements.lock requirements.txt pyproject.toml 2>/dev/null | cksum | cut -d' ' -f1)

# Report parameters: make report AS_OF=2025-06 REPORT_DATE=2025-07-21 PARAMS=notebooks/parameters/article-moment.yml
REPORT_ARGS := $(if $(PARAMS),--params $(PARAMS)) \
	$(if $(AS_OF),--set as_of=$(AS_OF)) \
	$(if $(REPORT_DATE),--set report_date=$(REPORT_DATE)) \
	$(if $(BASELINE_START),--set baseline_start=$(BASELINE_START)) \
	$(if $(BASELINE_END),--set baseline_end=$(BASELINE_END)) \
	$(if $(FOCUS),--set focus=$(FOCUS)) \
	$(if $(SCENARIO_MONTHS),--set scenario_months=$(SCENARIO_MONTHS)) \
	$(if $(SCENARIO_DEPTH_PCT),--set scenario_depth_pct=$(SCENARIO_DEPTH_PCT)) \
	$(if $(FORCE),--force)

.DEFAULT_GOAL := help
.PHONY: help env report test data lab bench lint clean

help: ## List the targets
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-7s %s\n", $$1, $$2}'

$(STAMP):
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed (found " + sys.version.split()[0] + "); set PYTHON=python3.11")'
	@echo "Creating the environment in $(VENV) (first run only; a few minutes)..."
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt -c requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	$(BIN)/python -m ipykernel install --sys-prefix --name rare-earth-trade --display-name "Python 3 (rare-earth-trade)" >/dev/null
	@rm -f $(VENV)/.installed-*
	@touch $@

env: $(STAMP) ## Create or update the virtual environment (.venv)

report: $(STAMP) ## Build and publish reports/<date>/ (AS_OF=YYYY-MM REPORT_DATE=YYYY-MM-DD PARAMS=file.yml FORCE=1)
	@$(BIN)/python -m rare_earth_trade report $(REPORT_ARGS)

test: $(STAMP) ## Run the tests (a full report build included)
	$(BIN)/python -m pytest -q

data: $(STAMP) ## Validate data/raw, show coverage, conflicts, reconciliation; write data/processed/series.csv
	@$(BIN)/python -m rare_earth_trade data

lab: $(STAMP) ## Open JupyterLab on the notebooks
	$(BIN)/jupyter lab --notebook-dir=notebooks

bench: $(STAMP) ## Time a cold build, a no-op rebuild and the naive papermill/nbconvert/weasyprint chain; then the ledger at 1x/10x/100x
	@$(BIN)/python benchmarks/bench_build.py
	@$(BIN)/python benchmarks/bench_scale.py

lint: $(STAMP) ## Ruff over the package, tests and notebooks; check notebooks are stripped and paired
	$(BIN)/ruff check src tests benchmarks notebooks
	$(BIN)/python -m pytest -q tests/test_notebooks_clean.py

clean: ## Remove build/, data/processed/ and unfinished staging (keeps reports/ and .venv)
	rm -rf build data/processed reports/.staging reports/.trash
