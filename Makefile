# kumeqa — the two commands a new user needs are `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PORT   ?= $(or $(KUMEQA_PORT),7860)

export GRADIO_ANALYTICS_ENABLED := False
export HF_HUB_OFFLINE := 1
export TOKENIZERS_PARALLELISM := false

.PHONY: run test venv venv-test index eval bench bench-ingest load lint chromium clean

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# torch first and pinned: unpinned, pip would pull a CUDA build of several GB.
$(VENV)/.run-deps: pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install --quiet torch==2.13.0
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.test-deps: pyproject.toml $(VENV)/.run-deps
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

venv: $(VENV)/.run-deps
venv-test: $(VENV)/.test-deps

index: venv
	$(VENV)/bin/kumeqa index

run: venv index
	$(PY) app.py --port $(PORT)

# Debian's chromium for the browser tests (Playwright's own browser download does not work here).
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "chromium missing: run 'sudo apt-get install chromium'"; exit 1; fi; }

test: venv-test chromium
	$(PY) -m pytest -q

eval: venv
	$(VENV)/bin/kumeqa eval

# Small sizes by default (a few minutes, results in build/bench/); the numbers in docs/ come from
# make bench BENCH_SIZES=1000,10000,100000,250000 BENCH_BACKEND_SIZES=1000,10000,100000 BENCH_OUT=docs
BENCH_SIZES ?= 1000,10000
BENCH_BACKEND_SIZES ?= 1000,10000
BENCH_OUT ?= build/bench
bench: venv-test
	$(PY) scripts/bench.py --sizes $(BENCH_SIZES) --backend-sizes $(BENCH_BACKEND_SIZES) --out $(BENCH_OUT)

# Build throughput against bare embedding: the paper and 120 public-domain Turkish texts (~10 min).
bench-ingest: venv-test
	$(PY) scripts/bench_ingest.py

load: venv-test
	$(PY) scripts/load.py

lint: venv-test
	$(VENV)/bin/ruff check src tests scripts app.py
	$(VENV)/bin/ruff format --check src tests scripts app.py

clean:
	rm -rf $(VENV) index/CURRENT index/v-* .pytest_cache
