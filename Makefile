# The README's two commands: `make demo` and `make test`. Both set up everything on a fresh machine:
# Debian packages (when run as root), a virtualenv in .venv/, the project and its dependencies.
PY      ?= python3
VENV    := .venv
BIN     := $(VENV)/bin
SHARED  ?= ../shared/corpus
# Debian packages the pipeline shells out to: OCR (tesseract + Vietnamese data), PostgreSQL for the
# server-backed store and its tests, poppler-utils for pdftoppm (scanned pages to images).
DEB_PACKAGES := tesseract-ocr tesseract-ocr-vie postgresql poppler-utils fonts-dejavu-core

.PHONY: demo test bench eval results setup system clean

$(VENV)/.system-stamp:
	@if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
	  missing=""; for p in $(DEB_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	  if [ -n "$$missing" ]; then \
	    echo "installing Debian packages:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	  fi; \
	else echo "not root: skipping Debian packages ($(DEB_PACKAGES)); OCR/PostgreSQL tests will skip"; fi
	@test -d $(VENV) || $(PY) -m venv $(VENV)
	@touch $@

$(VENV)/.install-stamp: $(VENV)/.system-stamp pyproject.toml extractor/readers/_pagescan.c
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	@touch $@

setup: $(VENV)/.install-stamp

# The main job on our own documents: one record per file, then the archive jobs (ingest into the
# embedded SQLite default, audit across levels, one unit's task list) on the chains in corpora/chains.
DEMO := out/demo
demo: setup
	@mkdir -p $(DEMO)
	$(BIN)/extractor extract corpora/*/source.* --format table
	$(BIN)/extractor extract corpora/*/source.* --format jsonl > $(DEMO)/records.jsonl
	@echo "records: $(DEMO)/records.jsonl ($$(wc -l < $(DEMO)/records.jsonl) documents)"
	$(BIN)/extractor extract corpora/kh-ubnd-xa-blank/source.txt --format json | $(BIN)/python -c \
	  'import json,sys; r=json.load(sys.stdin); r["text"]=r["text"][:200]+"…"; print(json.dumps(r, ensure_ascii=False, indent=1))'
	rm -f $(DEMO)/archive.sqlite*
	$(BIN)/extractor ingest corpora --db $(DEMO)/archive.sqlite
	$(BIN)/extractor audit --db $(DEMO)/archive.sqlite
	$(BIN)/extractor tasks --db $(DEMO)/archive.sqlite --unit "UBND xã Đông Cuông"
	$(BIN)/extractor tasks --db $(DEMO)/archive.sqlite --unit "UBND xã Đông Cuông" --format ics > $(DEMO)/tasks.ics
	@echo "calendar: $(DEMO)/tasks.ics"

test: setup
	$(BIN)/python -m pytest -q -p no:cacheprovider

eval: setup
	$(BIN)/extractor eval $(SHARED)/gold $(SHARED)/docs

results: setup
	$(BIN)/python -m extractor.results README.md

bench: setup
	$(BIN)/python -m extractor.bench
	$(BIN)/python -m extractor.results --bench README.md

clean:
	rm -rf $(VENV) out
