# China's rare-earth trade: reproducible report. `make help` lists the targets.
# Needs only Python 3.11+, pip and make: the first target you run builds .venv and reuses it after.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat requirements.lock requirements.txt pyproject.toml 2>/dev/null | cksum | cut -d' ' -f1)

# Report parameters: one Make variable per parameter, e.g. `make report AS_OF=2025-06 FOCUS=USA,DEU`
# (only variables given on the command line count), PARAMS=file.yml, FORCE=1. The pairs below are
# generated from src/rare_earth_trade/build/params.py by `make params`; a test keeps them in step.
REPORT_PARAMETERS := AS_OF:as_of REPORT_DATE:report_date BASELINE_START:baseline_start BASELINE_END:baseline_end \
	FOCUS:focus DESTINATIONS:destinations SCENARIO_MONTHS:scenario_months SCENARIO_DEPTH_PCT:scenario_depth_pct \
	DATA_DIR:data_dir REPORTS_DIR:reports_dir TIMEOUT:timeout
_var = $(firstword $(subst :, ,$(1)))
_param = $(lastword $(subst :, ,$(1)))
REPORT_ARGS := $(strip $(if $(PARAMS),--params '$(PARAMS)') \
	$(foreach p,$(REPORT_PARAMETERS),$(if $(filter command line,$(origin $(call _var,$(p)))),--set '$(call _param,$(p))=$($(call _var,$(p)))')) \
	$(if $(FORCE),--force))

.DEFAULT_GOAL := help
.PHONY: help env report test data params lab bench lint clean

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

report: $(STAMP) ## Build and publish reports/<date>/ (any parameter as NAME=value, e.g. AS_OF=2025-06; PARAMS=file.yml; FORCE=1)
	@$(BIN)/python -m rare_earth_trade report $(REPORT_ARGS)

test: $(STAMP) ## Run the tests (a full report build included)
	$(BIN)/python -m pytest -q

data: $(STAMP) ## Validate data/raw, show coverage, conflicts, reconciliation; write data/processed/series.csv
	@$(BIN)/python -m rare_earth_trade data

params: $(STAMP) ## Regenerate parameters cells, Makefile list and README table from build/params.py
	@$(BIN)/python -m rare_earth_trade params --write

lab: $(STAMP) ## Open JupyterLab on the notebooks
	$(BIN)/jupyter lab --notebook-dir=notebooks

bench: $(STAMP) ## Time a cold build, a no-op rebuild, the naive papermill/nbconvert/weasyprint chain and the matrix build (4 notebooks + 8 destination briefs); then the ledger at 1x/10x/100x
	@$(BIN)/python benchmarks/bench_build.py
	@$(BIN)/python benchmarks/bench_scale.py

lint: $(STAMP) ## Ruff over the package, tests and notebooks; check notebooks are stripped and paired
	$(BIN)/ruff check src tests benchmarks notebooks
	$(BIN)/python -m pytest -q tests/test_notebooks_clean.py

clean: ## Remove build/, data/processed/ and unfinished staging (keeps reports/ and .venv)
	rm -rf build data/processed reports/.staging reports/.trash
