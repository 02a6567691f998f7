# The README's commands. `make run` serves the portal with demo data; `make test` runs every test.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
STAMP := $(VENV)/.installed
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/danvan
TEST_REDIS_URL ?= redis://127.0.0.1:6379/0
APT_PACKAGES := chromium libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core
# The browser tests' own tools from npm (axe-core), pinned in package-lock.json; never served to users.
AXE := node_modules/axe-core/axe.min.js

.PHONY: run test install node-deps system-deps services lint bench bench-imports soak worker beat clean

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $(STAMP)

install: $(STAMP)

$(AXE): package.json package-lock.json
	@command -v npm >/dev/null || { SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends nodejs npm; }
	npm ci --no-audit --no-fund --ignore-scripts
	touch $(AXE)

node-deps: $(AXE)

# System packages the tests need (headless Chromium for the browser journeys, Pango for WeasyPrint).
system-deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing system packages:$$missing"; \
	  SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing; \
	fi

# Start the machine's PostgreSQL and Redis if they are installed but stopped.
services:
	@pg_isready -q -h 127.0.0.1 -p 5432 || { \
	  echo "Starting PostgreSQL"; \
	  pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql | head -1) main start; \
	  for i in $$(seq 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done; }
	@redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 || { \
	  echo "Starting Redis"; \
	  mkdir -p /var/lib/redis /var/log/redis; \
	  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log; \
	  for i in $$(seq 30); do redis-cli -h 127.0.0.1 ping >/dev/null 2>&1 && break; sleep 1; done; }
	@pg_isready -h 127.0.0.1 -p 5432 && redis-cli -h 127.0.0.1 -p 6379 ping

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/djlint templates --lint

run: $(STAMP)
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	@echo ""
	@echo "Cổng Dân vận khéo: http://127.0.0.1:8000  — demo logins above, password danvan2021"
	@echo "Xác thực hai bước (second factor): $${SECOND_FACTOR_REQUIRED:-0} in this demo (production always requires it);"
	@echo "  run 'SECOND_FACTOR_REQUIRED=1 make run' to have boards and admins enrol an authenticator app."
	$(PY) manage.py runserver 127.0.0.1:8000

test: $(STAMP) system-deps services $(AXE)
	DJANGO_SETTINGS_MODULE=danvan.settings.test DATABASE_URL=$(TEST_DATABASE_URL) $(PY) manage.py check
	DJANGO_SETTINGS_MODULE=danvan.settings.test DATABASE_URL=$(TEST_DATABASE_URL) $(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/djlint templates --lint
	DATABASE_URL=$(TEST_DATABASE_URL) TEST_REDIS_URL=$(TEST_REDIS_URL) $(VENV)/bin/pytest

bench: $(STAMP) services
	DATABASE_URL=$(TEST_DATABASE_URL) $(PY) bench/run.py

# The soak alone: 200 people for 10 minutes at national scale (SOAK_USERS, SOAK_SECONDS; see bench/soak.py).
soak: $(STAMP) services
	DATABASE_URL=$(TEST_DATABASE_URL) $(PY) bench/soak.py

# Only the Excel import benchmark (5,000 rows; also run by `make bench` after the others).
bench-imports: $(STAMP) services
	DATABASE_URL=$(TEST_DATABASE_URL) $(PY) bench/imports.py

# Only the book of models benchmark (1,000 practices in one PDF, median of 3 builds; BOOK_BENCH_ARGS for more).
bench-books: $(STAMP) services
	DATABASE_URL=$(TEST_DATABASE_URL) $(PY) bench/books.py $(BOOK_BENCH_ARGS)

worker: $(STAMP)
	$(VENV)/bin/celery -A danvan worker -l info

beat: $(STAMP)
	$(VENV)/bin/celery -A danvan beat -l info

clean:
	rm -rf $(VENV) node_modules staticfiles var test-artifacts db.sqlite3
