# The INVEKST portal. Two commands a new user needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed
PORT ?= 8000

.PHONY: run test serve lint setup db demo messages check-deploy clean reliability bench worker lock lock-check

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP)

node_modules/axe-core/axe.min.js: package.json
	npm install --no-audit --no-fund --silent
	touch $@

db: setup
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed

demo: db
	$(PY) manage.py demo

## Set everything up and serve the portal on http://127.0.0.1:$(PORT) with demo data, with the
## background worker beside it (its e-mail shows in this terminal). Ctrl-C stops both.
run: export DJANGO_DEBUG ?= 1
run: demo
	@$(PY) manage.py worker & worker=$$!; \
	trap 'kill -TERM $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

## The background worker alone: queued e-mail and the scheduled jobs (see README, Operations).
worker: setup
	$(PY) manage.py worker

## Set everything up and run the whole test suite.
test: setup node_modules/axe-core/axe.min.js
	DJANGO_TESTING=1 $(BIN)/pytest $(PYTEST_ARGS)

## Outage, soak, backup/restore against gunicorn + PostgreSQL (stops and restarts the local cluster).
reliability: setup
	DJANGO_TESTING=1 $(BIN)/pytest -p no:cacheprovider -m reliability tests/reliability -s $(PYTEST_ARGS); \
	status=$$?; pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql | tail -1) main start 2>/dev/null; exit $$status

## Benchmark at 10,000 companies: gunicorn + PostgreSQL under wrk, results in docs/PERFORMANCE.md (minutes; not CI).
## Twice: with the cache in each worker's memory, then with Redis as several instances would run.
BENCH_REDIS_URL ?= redis://127.0.0.1:6379/6
bench: setup
	$(PY) bench/run.py $(BENCH_ARGS)
	$(PY) bench/run.py --redis-url $(BENCH_REDIS_URL) $(BENCH_ARGS)

## What the Docker image does: collectstatic, migrate, seed, gunicorn with production settings.
serve: setup
	$(PY) manage.py collectstatic --noinput
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed
	$(BIN)/gunicorn invekst.wsgi:application --config gunicorn.conf.py --bind 127.0.0.1:$(PORT)

## ruff, and the import contracts in pyproject.toml (apps import only downward).
lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

messages: setup
	DJANGO_DEBUG=1 $(PY) manage.py makemessages -l nb -l en --ignore=.venv --ignore=node_modules --ignore=staticfiles
	DJANGO_DEBUG=1 $(PY) manage.py compilemessages --ignore=.venv

check-deploy: setup
	DJANGO_SECRET_KEY=check-deploy-$$RANDOM-0123456789abcdefghijklmnopqrstuvwxyz-ABCDEFGHIJ DJANGO_ALLOWED_HOSTS=invekst.no \
		$(PY) manage.py check --deploy --fail-level WARNING

## requirements.lock: the image's exact, hashed dependencies, from pyproject.toml.
LOCK_ARGS := --quiet --generate-hashes --strip-extras --no-emit-index-url --no-emit-find-links
lock: setup
	$(BIN)/pip-compile $(LOCK_ARGS) --output-file requirements.lock pyproject.toml

## Fails when requirements.lock no longer matches pyproject.toml (CI runs it).
lock-check: setup
	@tmp=$$(mktemp -d); cp requirements.lock $$tmp/requirements.lock; \
	$(BIN)/pip-compile $(LOCK_ARGS) --output-file $$tmp/requirements.lock pyproject.toml && \
	sed -i 's|--output-file=[^ ]*requirements.lock|--output-file=requirements.lock|' $$tmp/requirements.lock && \
	diff -u requirements.lock $$tmp/requirements.lock \
	  || { echo "requirements.lock is out of date: run make lock"; rm -rf $$tmp; exit 1; }; rm -rf $$tmp

clean:
	rm -rf $(VENV) node_modules staticfiles
