# kumeqa — the two commands a new user needs are `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PORT   ?= $(or $(KUMEQA_PORT),7860)

export GRADIO_ANALYTICS_ENABLED := False
export HF_HUB_OFFLINE := 1
export TOKENIZERS_PARALLELISM := false

.PHONY: run test venv venv-test index eval bench bench-ingest bench-ui load lint chromium clean

# The first `make run` takes a few minutes (downloads ~1 GB of wheels, then embeds the
# corpus): each step says what it does, and pip and the indexer show their progress.
$(VENV)/bin/python:
	@echo "==> [1/4] Python sanal ortamı / virtual environment: $(VENV)"
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# torch first and pinned: unpinned, pip would pull a CUDA build of several GB.
$(VENV)/.run-deps: pyproject.toml | $(VENV)/bin/python
	@echo "==> [2/4] torch (CPU, ~200 MB) yükleniyor / installing"
	$(PY) -m pip install --progress-bar on torch==2.13.0
	@echo "==> [3/4] kumeqa ve bağımlılıkları / kumeqa and its dependencies"
	$(PY) -m pip install --progress-bar on -e .
	touch $@

$(VENV)/.test-deps: pyproject.toml $(VENV)/.run-deps
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

venv: $(VENV)/.run-deps
venv-test: $(VENV)/.test-deps

index: venv
	@echo "==> [4/4] dizin / index: corpus/ -> index/ (ilk seferde ~1 dakika / about a minute the first time)"
	$(VENV)/bin/kumeqa index

run: venv index
	@echo "==> arayüz / web UI: http://127.0.0.1:$(PORT)  (CLI: $(VENV)/bin/kumeqa, or 'source $(VENV)/bin/activate')"
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
bench: venv-test chromium
	$(PY) scripts/bench.py --sizes $(BENCH_SIZES) --backend-sizes $(BENCH_BACKEND_SIZES) --out $(BENCH_OUT)
	$(PY) scripts/bench_ui.py

# Build throughput against bare embedding: the paper and 120 public-domain Turkish texts (~10 min).
bench-ingest: venv-test
	$(PY) scripts/bench_ingest.py

bench-ui: venv-test chromium
	$(PY) scripts/bench_ui.py

load: venv-test
	$(PY) scripts/load.py

lint: venv-test
	$(VENV)/bin/ruff check src tests scripts app.py
	$(VENV)/bin/ruff format --check src tests scripts app.py

clean:
	rm -rf $(VENV) index/CURRENT index/v-* .pytest_cache
