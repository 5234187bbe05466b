# Two commands do all the set-up on a fresh machine with Python 3.11+:
#   make book   build the HTML book into _build/html
#   make test   run every check (lint, unit tests, notebooks, clean build, browser pass)
# and `make lab` opens the chapters in JupyterLab.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# The lab's matrices are small: one BLAS thread per process is faster than two, and on a busy
# 2-core machine several threads per kernel slow training many times over.
export OPENBLAS_NUM_THREADS := 1
export OMP_NUM_THREADS := 1

# Extra arguments for `make lab`, e.g. make lab ARGS="--port 8899 --no-browser"
ARGS ?=


.PHONY: help setup vendor book book-clean book-kernel2 test lint unit unit-kernel2 notebooks figures browser lab reset lab-data bench clean

help:
	@echo "make setup  create .venv with the pinned requirements and scaling_lib (the others run it)"
	@echo "make book   build the HTML book (_build/html/index.html)"
	@echo "make test   run the whole test suite"
	@echo "make lab    open your own copies of the chapters (in work/) in JupyterLab (extra options: make lab ARGS=\"--port 8899 --no-browser\")"
	@echo "make reset CHAPTER=08  replace your copy of a chapter by the course's version (the old one is kept in work/replaced/)"
	@echo "make lab-data  regenerate the cached lab sweeps in book/data/lab (~45 min, plus ~25 min per extra seed)"

$(STAMP): requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e . 2>/dev/null \
	  || $(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

# The course's JupyterLab settings (issue 29), installed as overrides of JupyterLab's defaults
# in the venv (a learner's own settings still win). Windowing "none": JupyterLab renders every
# Markdown cell, so jupyterlab-myst evaluates every {eval} number on Run All; in the default
# mode ("contentVisibility") cells out of view are rendered late and their numbers stay raw
# `prose.xxx` placeholders (jupyterlab-myst evaluates a cell's expressions only once it has
# rendered). No news or update pop-up over the explorers. See README, "The course's JupyterLab".
LAB_OVERRIDES := $(VENV)/share/jupyter/lab/settings/overrides.json
$(LAB_OVERRIDES): tools/jupyterlab/overrides.json $(STAMP)
	mkdir -p $(dir $@)
	cp $< $@

setup: $(STAMP) $(LAB_OVERRIDES)

# MathJax, require.js and the widget manager from npm, so pages work offline (skipped without npm)
vendor:
	@tools/vendor_js.sh

book: setup vendor
	$(BIN)/jupyter-book build . --warningiserror --keep-going
	@echo "The book is at $(CURDIR)/_build/html/index.html"

# A clean build: an incremental build after a failed execution exits 0 even with -W.
define clean_build
	rm -rf _build/html _build/jupyter_execute _build/.doctrees _build/.jupyter_cache
	$(BIN)/jupyter-book build . --warningiserror --keep-going --all
	@echo "The book is at $(CURDIR)/_build/html/index.html"
endef
book-clean: setup vendor
	$(clean_build)

# A second BLAS kernel (issue 28). numpy's OpenBLAS picks its kernels by CPU: this machine
# kind gets the AVX-512 ("SkylakeX") ones, most laptops AVX2 or ARM ones, and training
# amplifies the last bits, so a lab result cached here is not bit for bit what a learner
# gets. `make test` therefore runs the lab-dependent tests, and builds the book (every
# chapter's live cells, in strict exercise mode), under OPENBLAS_CORETYPE=$(KERNEL2)
# nbval has already run every chapter under the machine's own kernel. KERNEL2 must differ
# from the machine's kernel (tools/blas_kernel.py prints it) and be one OpenBLAS knows.
# Haswell here; where OpenBLAS picks Haswell itself, tools/blas_kernel.py --second picks
# another kernel the CPU runs (Sandybridge: AVX without FMA).
KERNEL2 ?= $(shell $(BIN)/python tools/blas_kernel.py --second)
book-kernel2 unit-kernel2: export OPENBLAS_CORETYPE = $(KERNEL2)
book-kernel2: setup vendor
	$(BIN)/python tools/blas_kernel.py --expect $(KERNEL2)
	$(clean_build)

# the tests whose results depend on floating-point rounding: marked `lab` (tests/conftest.py)
unit-kernel2: setup
	$(BIN)/python tools/blas_kernel.py --expect $(KERNEL2)
	$(BIN)/python -m pytest tests -q -m lab

# Reference solutions in the book are checked: in strict mode a wrong one fails the build.
# Only the targets that execute the book for checking get it; a learner's `make lab` must not
# (there a wrong answer would raise a traceback). tests/test_makefile.py checks both.
notebooks book book-clean book-kernel2: export SCALING_STRICT_EXERCISES := 1

lint: setup
	$(BIN)/ruff check scaling_lib tests benchmarks tools

unit: setup vendor
	$(BIN)/python -m pytest tests -q

notebooks: setup
	$(BIN)/python -m pytest --nbval-lax --nbval-current-env --nbval-cell-timeout=300 -q book/*.ipynb

# No numeric exercise has its answer printed above it on the built page (issue 30).
# Every drawing cell of the executed chapters shows its figure (a closed figure behind a
# trailing ';' shows nothing, in JupyterLab and in the book); every chapter page, with its
# explorers' frames and its images, weighs under 6 MB.
figures: setup
	$(BIN)/python tools/check_figures.py _build/jupyter_execute/book/*.ipynb
	$(BIN)/python tools/page_weight.py _build/html
	$(BIN)/python tools/check_answers.py _build/html --report

# The reader's pass over the built pages, then the learner's pass in JupyterLab (see tools/).
browser: setup
	$(BIN)/python tools/check_pages.py _build/html
	$(BIN)/python tools/check_lab.py

test: lint unit unit-kernel2 notebooks book-kernel2 figures browser
	@echo "make test: all checks passed"

# JupyterLab refuses to run as root unless told to (containers and CI machines run as root).
# Kernels talk to the server over local IPC sockets rather than loopback TCP (which makes
# every kernel log a "running over TCP without encryption" warning). ARGS pass through.
# A learner works in their own copies of the chapters (WORK, ignored by git; made on first use,
# never overwritten: tools/learner_copies.py); `make reset CHAPTER=08` takes the course's version.
WORK ?= work
LAB_FLAGS = --notebook-dir=$(WORK) --KernelManager.transport=ipc $(if $(filter 0,$(shell id -u)),--allow-root,)
lab: setup
	@$(BIN)/python tools/learner_copies.py --into $(WORK)
	$(BIN)/jupyter lab $(LAB_FLAGS) $(ARGS)

reset:
	@test -n "$(CHAPTER)" || { echo "usage: make reset CHAPTER=08"; exit 2; }
	$(BIN)/python tools/learner_copies.py --into $(WORK) --reset $(CHAPTER)

# Regenerates every cached lab result under book/data/lab (about 40 minutes on 2 cores, measured
# while other jobs ran, plus about 3 minutes for chapter 10's bit_budget and moe_topk sweeps,
# measured with one worker);
# the capstone reference comes last because its size window is centred on the IsoFLOP sweep.
# Sweeps whose findings need more than the first seed (issue 28) are also run with seeds
# 1-4 into book/data/lab/seeds/seedS/ (about 25 minutes per seed with one worker on a busy
# 2-core machine, measured; the chapters read them through scaling_lib).
# SCHEDULER=tcp://host:8786 runs the sweeps on that Dask cluster instead of local worker
# processes (README, "Running the lab on a Dask cluster"); the capstone reference stays local.
SEED_PRESETS = repeated_data isoflop finetune finetune_sizes
EXTRA_SEEDS = 1 2 3 4
SCHEDULER =
LAB_SCHEDULER = $(if $(SCHEDULER),--scheduler $(SCHEDULER))
lab-data: setup
	$(BIN)/python -m scaling_lib.lab all --size full $(LAB_SCHEDULER)
	for s in $(EXTRA_SEEDS); do \
	  for p in $(SEED_PRESETS); do \
	    $(BIN)/python -m scaling_lib.lab $$p --size full --seed $$s \
	      --out book/data/lab/seeds/seed$$s $(LAB_SCHEDULER) || exit 1; \
	  done; \
	  $(BIN)/python -m scaling_lib.lab.task full sampling --seed $$s \
	    --out book/data/lab/seeds/seed$$s $(LAB_SCHEDULER) || exit 1; \
	done
	$(BIN)/python tools/capstone_reference.py

bench: setup
	@for f in benchmarks/*.py; do echo "== $$f"; $(BIN)/python $$f; done

clean:
	rm -rf _build
