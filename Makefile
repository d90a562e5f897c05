# Two commands: `make run` (the system, SQLite + demo data) and `make test` (the test suite).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
# the web server and the worker build e-mail links from it (SITE_URL follows PORT)
export PORT
SHIPMENTS ?= 1000000

.PHONY: install system-packages run test lint format serve check bench

$(BIN)/.installed: pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -c constraints.txt -e '.[dev]'
	touch $@

install: $(BIN)/.installed

# Optional Debian packages: Pango, HarfBuzz and a Vietnamese font for invoice PDFs (WeasyPrint),
# Tesseract with Vietnamese data and pdftoppm for paper invoices (OCR). Installed when possible
# (root and apt-get); otherwise the system runs without them and those features say what is missing.
SYSTEM_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core \
	tesseract-ocr tesseract-ocr-vie poppler-utils
system-packages:
	@missing=$$(for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -z "$$missing" ] || ! command -v apt-get >/dev/null; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ]; then \
	  (apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q $$missing) \
	    || echo "Could not install $$missing: invoice PDFs / OCR will say what is missing."; \
	else echo "Optional, for invoice PDFs and OCR: sudo apt-get install" $$missing; fi

# The web server and the background worker together; Ctrl-C stops both.
run: install system-packages
	$(BIN)/unicon migrate --noinput
	$(BIN)/unicon seed-demo --if-empty
	$(BIN)/unicon worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT INT TERM; \
	$(BIN)/unicon runserver 127.0.0.1:$(PORT)

test: install
	$(BIN)/pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Production-style server (set UNICON_ENV=production, SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL).
serve: install
	$(BIN)/unicon migrate --noinput
	$(BIN)/unicon collectstatic --noinput
	$(BIN)/gunicorn unicon.wsgi --bind 127.0.0.1:$(PORT) --workers $${WEB_CONCURRENCY:-3}

# The benchmark (bench/README.md): PostgreSQL + generated data, gunicorn under wrk, one table.
# `make bench SHIPMENTS=20000` is the small mode; BENCH_ARGS passes more flags (--markdown …).
# Then the notification rows (one worker, PostgreSQL, Redis db 5; NOTIFY_BENCH_ARGS for more).
bench: install
	$(BIN)/python -m bench.run --shipments $(SHIPMENTS) $(BENCH_ARGS)
	$(BIN)/python -m bench.notifications $(NOTIFY_BENCH_ARGS)
