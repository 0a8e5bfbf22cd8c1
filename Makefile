# Two commands from a fresh clone: `make test` and `make book`. Both create .venv first.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
NOTEBOOKS := $(sort $(wildcard chapters/*.ipynb))

.PHONY: help venv lint test book check-site notebooks assignments bench clean

help:
	@echo "make test         ruff, then unit tests + strict nbval over every notebook"
	@echo "make lint         ruff alone (configured in pyproject.toml)"
	@echo "make book         build the HTML book (warnings are errors)"
	@echo "make check-site   read the built book in headless Chromium (after make book)"
	@echo "make pdf          build the PDF edition into _build/latex/ and check it (pdf_tests/)"
	@echo "make notebooks    re-execute every notebook in place (after changing bpcode)"
	@echo "make assignments  the student edition: notebooks with stubs, in _build/assignments"
	@echo "make bench        benchmarks (not part of make test)"
	@echo "make clean        remove _build/ (keeps .venv)"

# The venv is rebuilt whenever requirements.txt or pyproject.toml is newer than it.
$(STAMP): requirements.txt pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit("Python >= 3.11 is needed, found " + sys.version.split()[0]) if sys.version_info < (3, 11) else None'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@touch $(STAMP)

venv: $(STAMP)

# ruff reads pyproject.toml (88 columns); a rendered chapter's code column holds 84.
lint: $(STAMP)
	$(VENV)/bin/ruff check bpcode tests tools
	$(VENV)/bin/ruff check --config "line-length = 84" chapters

test: lint
	$(PY) -m pytest

book: $(STAMP)
	$(VENV)/bin/jupyter-book build . -W -n --keep-going
	@echo
	@echo "Open file://$(CURDIR)/_build/html/index.html"

# Reads _build/html (or SITE_HTML_DIR) in Debian's headless Chromium, the way a reader does:
# site_tests/. Installs chromium and chromium-driver with apt-get when they are missing (CI
# runs as root on a fresh machine); Selenium never downloads a browser.
check-site: $(STAMP)
	@if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then \
		echo "installing Debian's chromium and chromium-driver"; \
		apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends chromium chromium-driver; \
	fi
	$(PY) -m pytest site_tests

# The PDF edition: Jupyter Book's LaTeX builder (xelatex) from the same executed notebooks as
# the HTML (execution stays off), warnings as errors, into _build/latex/; then pdf_tests/ read
# the PDF and the LaTeX log. The PDF is copied into _build/html/ too, where the download menu
# of every page links to it (run `make book` before or after, in either order). Installs
# Debian's TeX Live and fonts with apt-get when one of PDF_DEBS is missing (CI runs as root on
# a fresh machine): 150 MB to download on a bare Debian, a minute or two to install. The
# style is in _latex/.
PDF_DEBS := texlive-xetex texlive-latex-recommended texlive-latex-extra texlive-fonts-recommended \
            latexmk fonts-dejavu-core fonts-dejavu-extra poppler-utils
PDF_NAME := $(shell sed -n 's/^ *targetname: *\([A-Za-z0-9_.-]*\)\.tex *$$/\1.pdf/p' _config.yml)

.PHONY: pdf check-pdf
pdf: $(STAMP)
	@if ! command -v dpkg-query >/dev/null; then \
		echo "not Debian: make pdf needs xelatex, latexmk, TeX Live's latex-extra, DejaVu fonts, poppler"; \
	elif dpkg-query -W -f='$${db:Status-Abbrev}\n' $(PDF_DEBS) 2>&1 | grep -qv '^ii'; then \
		echo "installing Debian's TeX Live for the PDF: $(PDF_DEBS)"; \
		apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $(PDF_DEBS); \
	fi
	@test -n "$(PDF_NAME)" || { echo "no latex.latex_documents.targetname in _config.yml"; exit 1; }
	rm -rf _build/latex
	LATEXMKOPTS=-silent $(VENV)/bin/jupyter-book build . --builder pdflatex -W -n --keep-going \
	    || { grep -s -H -n -A6 '^!' _build/latex/*.log | head -80; exit 1; }
	mkdir -p _build/html && cp _build/latex/$(PDF_NAME) _build/html/
	$(PY) -m pytest pdf_tests
	@echo
	@echo "The PDF: $(CURDIR)/_build/latex/$(PDF_NAME) (copied to _build/html/ beside the HTML)"

# pdf_tests/ alone, over the PDF that `make pdf` last built.
check-pdf: $(STAMP)
	$(PY) -m pytest pdf_tests

notebooks: $(STAMP)
	$(PY) tools/execute_notebooks.py $(NOTEBOOKS)

# The student edition, generated from bpcode's sources (tools/make_assignments.py) and
# never committed; grade a notebook of it with `.venv/bin/python -m bpcode.grade FILE`.
ASSIGNMENTS_DIR ?= _build/assignments

assignments: $(STAMP)
	$(PY) tools/make_assignments.py $(ASSIGNMENTS_DIR)

# Benchmarks run in their own venv, so that the packages they compare against
# (micrograd, PyTorch) never become dependencies of the book.
BENCH_VENV := .venv-bench
BENCH_STAMP := $(BENCH_VENV)/.installed

$(BENCH_STAMP): bench/requirements.txt bench/requirements-torch.txt pyproject.toml
	$(PYTHON) -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/python -m pip install --quiet --disable-pip-version-check -r bench/requirements.txt setuptools==80.9.0
	-$(BENCH_VENV)/bin/python -m pip install --quiet --disable-pip-version-check -r bench/requirements-torch.txt
	$(BENCH_VENV)/bin/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@touch $(BENCH_STAMP)

bench: $(BENCH_STAMP)
	$(BENCH_VENV)/bin/python bench/run_all.py

clean:
	rm -rf _build
