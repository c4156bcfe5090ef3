# Two commands do everything: `make run` and `make test` (see README.md).
# DATABASE_URL=postgres://user@host:5432/name switches both from SQLite to PostgreSQL.

PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
SHARED_DATA ?= ../shared/data
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test bench lint check setup demo demo-reset messages clean loadtest

$(VENV)/bin/activate:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: $(VENV)/bin/activate requirements.txt requirements-dev.txt build-constraints.txt
	$(PY) -m pip install --quiet --upgrade "pip>=25.3"
	$(PIP) install --quiet --build-constraint build-constraints.txt -r requirements-dev.txt
	touch $@

# axe-core (accessibility engine) for the browser suite, from the npm registry; nothing from node_modules is served.
# Without npm (a machine with only Python and make) the browser audit is skipped locally; CI (CI=true) fails it.
node_modules/.installed: package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then npm ci --no-audit --no-fund --loglevel=error && touch $@; \
	else echo "npm not found: the accessibility audit (tests/e2e/test_page_audit.py) will be skipped"; fi

setup: $(VENV)/.installed
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_reference
	@# Loads the demo only into an empty database: data someone entered is never overwritten (make demo-reset).
	$(PY) manage.py load_demo --if-empty
	@if [ -f "$(SHARED_DATA)/flanders_municipalities_2025.geojson" ]; then \
		$(PY) manage.py load_boundaries "$(SHARED_DATA)/flanders_municipalities_2019_2024.geojson" && \
		$(PY) manage.py load_boundaries "$(SHARED_DATA)/flanders_municipalities_2025.geojson"; \
	else echo "No boundary files in $(SHARED_DATA): maps stay empty until 'manage.py load_boundaries FILE' is run."; fi

run: setup
	$(PY) manage.py print_demo_logins
	@# The background-task worker (large imports from the admin) runs beside the server and stops with it.
	export PORTAL_BASE_URL="$${PORTAL_BASE_URL:-http://$(HOST):$(PORT)}"; \
	$(PY) manage.py db_worker --no-reload & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver $(HOST):$(PORT)

# Puts the demo dataset back as shipped (demo rows changed or added by hand are reset) and the demo passwords.
demo-reset: $(VENV)/.installed
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo --reset-passwords

test: $(VENV)/.installed node_modules/.installed
	$(PY) -m pytest $(PYTEST_ARGS)

# 60 s under 50 users against gunicorn + PostgreSQL on loopback (not part of `make test`); see docs/performance.md.
loadtest: $(VENV)/.installed
	loadtest/run.sh

bench: $(VENV)/.installed
	$(PY) manage.py migrate --noinput
	$(PY) manage.py bench $(BENCH_ARGS)

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .

check: $(VENV)/.installed
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run
	@# The app layers and no import cycles (pyproject.toml [tool.importlinter]; docs/architecture.md).
	$(VENV)/bin/lint-imports

messages: $(VENV)/.installed
	$(PY) manage.py compilemessages --ignore=.venv

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles
