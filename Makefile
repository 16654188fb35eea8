# Haven: the two commands of the README, and a few more.
# Needs only Python 3.11, pip and make (and, for PDFs, Pango: installed by `install` as root).

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
HAVEN := $(BIN)/haven
STAMP := $(VENV)/.installed-$(shell cat requirements.lock pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: demo test test-fast lint format install serve prod prod-user browser-test lock messages clean

# WeasyPrint (the PDF documents) needs Pango, HarfBuzz's subsetter and a font from the system:
# installed here when we are root with apt-get, else named. Without HarfBuzz-Subset WeasyPrint
# falls back to fontTools, which stamps each embedded font with the time of rendering, so no
# PDF would render again byte for byte (a frozen report edition's promise).
# (/sbin is not on a user's PATH on Debian.)
$(STAMP): requirements.lock pyproject.toml
	@libs="$$(PATH="$$PATH:/sbin:/usr/sbin" ldconfig -p 2>/dev/null)"; \
	echo "$$libs" | grep -q libpangoft2-1.0 && echo "$$libs" | grep -q libharfbuzz-subset || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing Pango, HarfBuzz-Subset and a font for WeasyPrint (PDF documents)."; \
	    apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
	      libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core; \
	  else \
	    echo ""; \
	    echo "*** WeasyPrint (PDF documents) needs Pango, HarfBuzz-Subset and a font, which this system lacks."; \
	    echo "*** Debian/Ubuntu: sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core"; \
	    echo "*** Other systems: install Pango >= 1.44, HarfBuzz with hb-subset and a TrueType font. Until then PDFs and their tests fail."; \
	    echo ""; \
	  fi; \
	}
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	# --no-compile: Python compiles a module when it is first imported; compiling every file of
	# every package up front made the install take 40 s instead of 17 s, for files never imported.
	$(BIN)/python -m pip install --quiet --no-compile -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-compile --no-deps -e .
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

install: $(STAMP)

## make demo: install, migrate a fresh SQLite database, load the synthetic 2018–2019 data, serve on :8000
## with a worker beside the server (`haven serve` starts `haven worker`; Ctrl-C stops both)
demo: install
	mkdir -p var
	$(HAVEN) migrate --verbosity 0
	$(HAVEN) demo --reset
	$(HAVEN) serve

## make test: the whole fast suite on SQLite (the browser tests run in .ci/run), one process per
## CPU (pytest-xdist; conftest.py schedules the tests in collection order, the whole demo's on one process)
PARALLEL := -n logical
test: install
	$(BIN)/pytest -m "not browser" -q $(PARALLEL)

## make test-fast: the suite without the solvers and the whole demo (marker slow)
test-fast: install
	$(BIN)/pytest -m "not browser and not slow" -q $(PARALLEL)

## make lint: ruff (lint and format check) and mypy with django-stubs; .ci/run runs it first
LINTED := haven tests bench conftest.py manage.py .ci/api_fuzz.py .ci/smoke.py .ci/scratch_db.py
lint: install
	$(BIN)/ruff check $(LINTED)
	$(BIN)/ruff format --check $(LINTED)
	$(BIN)/mypy

## make format: let ruff sort the imports and format the code
format: install
	$(BIN)/ruff check --fix --select I $(LINTED)
	$(BIN)/ruff format $(LINTED)

serve: install
	$(HAVEN) serve

## make prod: the production server (gunicorn, DJANGO_ENV=production) on http://localhost:8000
## and a worker beside it (`haven worker`: the background tasks and the daily jobs) against a
## local PostgreSQL: creates the database if missing, migrates, collects the static files into
## var/static; Ctrl-C stops both. A local run: a secret key kept in var/secret_key, plain HTTP (no
## HTTPS redirect); cookies stay Secure, which browsers accept from http://localhost.
PROD_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/haven
PROD_ENV = DJANGO_ENV=production DJANGO_SECRET_KEY="$$(cat var/secret_key)" \
  DJANGO_ALLOWED_HOSTS="$${DJANGO_ALLOWED_HOSTS:-localhost,127.0.0.1}" HAVEN_SSL_REDIRECT=False \
  DATABASE_URL="$${DATABASE_URL:-$(PROD_DATABASE_URL)}"
prod: install
	mkdir -p var
	test -s var/secret_key || $(BIN)/python -c "import secrets; print(secrets.token_urlsafe(50))" > var/secret_key
	$(PROD_ENV) $(BIN)/python -c "import os, environ, psycopg; c = environ.Env.db_url_config(os.environ['DATABASE_URL']); \
	  a = psycopg.connect(host=c['HOST'], port=c['PORT'] or 5432, user=c['USER'], password=c['PASSWORD'], dbname='postgres', autocommit=True); \
	  a.execute('SELECT 1 FROM pg_database WHERE datname = %s', [c['NAME']]).fetchone() or a.execute('CREATE DATABASE \"%s\"' % c['NAME'])"
	$(PROD_ENV) $(HAVEN) migrate --verbosity 0
	$(PROD_ENV) $(HAVEN) collectstatic --noinput --verbosity 0
	@echo "Haven (production profile) on http://localhost:8000/ (readiness: /ready/), a worker beside it. No user yet? Stop it and run"
	@echo "  make prod-user   (a superuser: the first login enrols an authenticator app)"
	$(PROD_ENV) $(HAVEN) worker & worker=$$!; trap 'kill -TERM $$worker 2>/dev/null; wait $$worker' EXIT; \
	  $(PROD_ENV) HAVEN_BIND="$${HAVEN_BIND:-127.0.0.1:8000}" $(BIN)/gunicorn -c python:haven.core.gunicorn_conf

prod-user: install
	$(PROD_ENV) $(HAVEN) createsuperuser

browser-test: install
	$(BIN)/pytest -m browser -q

## make lock: re-pin the dependencies after editing pyproject.toml
lock:
	$(BIN)/python -m pip install --quiet pip-tools
	$(BIN)/pip-compile --quiet --extra dev --strip-extras --no-emit-index-url --no-emit-find-links -o requirements.lock pyproject.toml

## make messages: refresh and compile the translation catalogues (needs gettext)
messages: install
	$(HAVEN) makemessages --locale nl --no-obsolete --ignore ".venv/*" --ignore "var/*" --ignore "test-artifacts/*" \
	  --ignore "*/tests/*" --ignore "haven/orientation/formation/*" --ignore "haven/interpreting/dispatch/*"
	$(HAVEN) compilemessages --locale nl --ignore ".venv/*"

clean:
	rm -rf $(VENV) var
