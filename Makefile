# Two commands set everything up on a fresh machine:
#   make run   — install, migrate, load the card book and demo data, serve on 127.0.0.1:8000
#   make test  — install, run every test (set DATABASE_URL to test on PostgreSQL)

PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install system-deps lint bench bench-load lock clean check-deploy messages

$(PY):
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml constraints.txt | $(PY)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c constraints.txt -e ".[dev]"
	touch $@

install: $(VENV)/.installed

# Debian packages the tests need (chromium, poppler, WeasyPrint's pango); installs what is
# missing when run as root, otherwise says what to install.
system-deps:
	@.ci/system-deps

run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	@echo "Maatwerk runs on http://$(HOST):$(PORT)/  (stop with Ctrl+C)"
	@# The background worker (django-tasks) runs beside the server and stops with it.
	trap 'kill 0' EXIT; $(PY) manage.py db_worker & $(PY) manage.py runserver $(HOST):$(PORT)

test: install system-deps
	$(PY) -m pytest $(PYTEST_ARGS)

lint: install
	$(PY) -m ruff check .

check-deploy: install
	DJANGO_ENV=production SECRET_KEY=$$(head -c 48 /dev/urandom | base64) ALLOWED_HOSTS=maatwerk.example.org \
		$(PY) manage.py check --deploy --fail-level WARNING

$(VENV)/.installed-bench: $(VENV)/.installed
	$(PY) -m pip install --quiet -c constraints.txt -e ".[dev,bench]"
	touch $@

# Benchmarks run on PostgreSQL (BENCH_DATABASE_URL), never inside `make test`.
bench: $(VENV)/.installed-bench system-deps
	$(PY) bench/run.py $(BENCH_ARGS)

# Regenerate constraints.txt from a clean environment (run after changing dependencies).
# Dutch names for third-party apps in beheer (locale/nl); the compiled .mo is committed.
messages:
	msgfmt --check -o locale/nl/LC_MESSAGES/django.mo locale/nl/LC_MESSAGES/django.po

lock:
	rm -rf .venv-lock && $(PYTHON) -m venv .venv-lock
	.venv-lock/bin/pip install --quiet --upgrade pip
	.venv-lock/bin/pip install --quiet -e ".[dev,bench]"
	.venv-lock/bin/pip freeze --exclude-editable | grep -v '^-e ' > constraints.txt
	rm -rf .venv-lock

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache staticfiles
