# The two commands: `make run` (set up everything, serve the site and a django-q2 cluster) and
# `make test` (set up and run the whole suite; a second lane on PostgreSQL + Redis when they answer).
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
VAR := var
HOST ?= 127.0.0.1
PORT ?= 8000
PG_URL ?= postgres://postgres@127.0.0.1:5432/test
REDIS_TEST_URL ?= redis://127.0.0.1:6379/15

.PHONY: run test setup setup-dev lint migrate demo browser-deps bench clean messages backup restore

$(VENV)/.installed: requirements.txt constraints.txt
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is needed (set PYTHON=/path/to/python3.11)"; exit 1; }
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt -c constraints.txt
	@touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt -c constraints.txt
	@touch $@

setup: $(VENV)/.installed
	@mkdir -p $(VAR)

setup-dev: $(VENV)/.installed-dev
	@mkdir -p $(VAR)

migrate: setup
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py ensure_admin --password-file $(VAR)/admin-password.txt
	$(PY) manage.py load_demo --users-password-file $(VAR)/admin-password.txt
	$(PY) manage.py rebuild_search_index

# Serves the site on $(HOST):$(PORT) and runs a django-q2 cluster beside it; Ctrl-C stops both.
run: demo
	@echo "Site: http://$(HOST):$(PORT)/  ·  admin: http://$(HOST):$(PORT)/admin/  (Ctrl-C stops the server and the cluster)"
	@$(PY) manage.py serve $(HOST):$(PORT)

browser-deps:
	@bash .ci/browser-deps.sh

test: setup-dev browser-deps
	@bash .ci/test-lanes.sh

# ruff, and the import contracts of pyproject.toml (the house of docs/architecture.md); `make test` runs it too.
lint: setup-dev
	@bash .ci/lint.sh

bench: setup-dev
	DJANGO_SETTINGS_MODULE=ucc_site.settings.test $(PY) bench/calendar.py
	DJANGO_SETTINGS_MODULE=ucc_site.settings.test $(PY) bench/registry_import.py
	DJANGO_SETTINGS_MODULE=ucc_site.settings.test $(PY) bench/telephony.py
	DJANGO_SETTINGS_MODULE=ucc_site.settings.test $(PY) bench/appeals.py
	DJANGO_SETTINGS_MODULE=ucc_site.settings.test $(PY) bench/onboarding_board.py
	DJANGO_SETTINGS_MODULE=ucc_site.settings.test $(PY) bench/intake.py
	DJANGO_SETTINGS_MODULE=ucc_site.settings.test $(PY) bench/stages.py
	DJANGO_SETTINGS_MODULE=ucc_site.settings.test $(PY) bench/search.py; $(PY) bench/pages.py

# The whole database to one file and back (PostgreSQL: pg_dump/pg_restore; SQLite: its backup API).
BACKUP ?= $(VAR)/backup.dump
backup: setup
	$(PY) manage.py backup $(BACKUP)

# Replaces the database's contents with $(BACKUP).
restore: setup
	$(PY) manage.py restore $(BACKUP)

clean:
	rm -rf $(VENV) $(VAR)

messages: setup
	$(PY) locale/build.py
