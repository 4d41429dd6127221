# Signpost: `make run` to try it, `make test` to check it. See README.md.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
DEV_ENV := SIGNPOST_ENV=development DEBUG=true

.PHONY: run test deps assets migrate seed serve worker lint typecheck bench lock clean

$(VENV)/.deps: requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet --require-hashes -r requirements.txt -r requirements-dev.txt
	touch $@

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts

# The stylesheet refers to a few of GOV.UK Frontend's own files (under $govuk-assets-path,
# /static/dist/assets/): copy exactly those, or collectstatic's hashed storage refuses the CSS.
# No fonts are referenced (Arial, no GDS Transport font face), so none are copied.
static/dist/css/signpost.css: node_modules/.package-lock.json assets/scss/signpost.scss Makefile
	mkdir -p static/dist/css static/dist/js
	npx --no-install sass --load-path=node_modules --style=compressed --no-source-map \
		--quiet-deps assets/scss/signpost.scss static/dist/css/signpost.css.tmp
	set -euo pipefail; \
	for ref in $$(grep -o 'url("\?/static/dist/assets/[^")]*' static/dist/css/signpost.css.tmp \
	              | sed 's|^url("\?/static/dist/||' | sort -u); do \
	  mkdir -p "static/dist/$$(dirname "$$ref")"; \
	  cp "node_modules/govuk-frontend/dist/govuk/$$ref" "static/dist/$$ref"; \
	done
	cp node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js static/dist/js/
	mv static/dist/css/signpost.css.tmp static/dist/css/signpost.css

deps: $(VENV)/.deps
assets: static/dist/css/signpost.css

migrate: deps
	$(DEV_ENV) $(PY) manage.py migrate --no-input

seed: migrate
	$(DEV_ENV) $(PY) manage.py load_nrm_lists
	$(DEV_ENV) $(PY) manage.py seed_demo
	$(DEV_ENV) $(PY) manage.py schedule_daily_jobs

# Serves http://127.0.0.1:8000 with a background worker beside it for e-mails and reminders.
run: deps assets seed
	@echo "Starting Signpost on http://127.0.0.1:8000 (Ctrl+C to stop)"
	@trap 'kill 0' EXIT; \
	$(DEV_ENV) $(PY) manage.py db_worker & \
	$(DEV_ENV) $(PY) manage.py runserver 127.0.0.1:8000

worker: deps
	$(DEV_ENV) $(PY) manage.py db_worker

lint: deps typecheck
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# mypy with django-stubs; the settings of [tool.mypy] in pyproject.toml (files, strictness).
typecheck: deps
	SIGNPOST_ENV=test $(VENV)/bin/mypy

# The whole suite: lint, types, migrations up to date, unit, integration and browser tests.
test: deps assets typecheck
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	SIGNPOST_ENV=test $(PY) manage.py makemigrations --check --dry-run
	SIGNPOST_ENV=test $(VENV)/bin/pytest -n $${PYTEST_WORKERS:-2} $(PYTEST_ARGS)

bench: deps
	$(PY) bench/run.py

# Re-pin Python dependencies (with hashes) after editing requirements*.in.
lock:
	$(PIP) install --quiet pip-tools
	$(VENV)/bin/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras -o requirements.txt requirements.in
	$(VENV)/bin/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras -o requirements-dev.txt requirements-dev.in

clean:
	rm -rf $(VENV) node_modules static/dist staticfiles db.sqlite3*
