# make site   : installe ce qu'il faut (une fois) puis construit le guide dans output/
# make serve  : idem, puis sert le guide sur http://127.0.0.1:8000 en le reconstruisant à chaque modification
# make test   : installe ce qu'il faut (paquets Python, Chromium, Java, hunspell) puis lance toute la suite de tests
# make bench  : mesures de vitesse et de mémoire (voir README), comparées à MkDocs et Hugo
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: site serve check test bench browser spelling

site: $(VENV)/.site
	$(BIN)/python build.py

serve: $(VENV)/.site
	$(BIN)/python build.py serve

check: $(VENV)/.site
	$(BIN)/python build.py check --strict

test: $(VENV)/.test browser spelling
	$(BIN)/python -m pytest

bench: $(VENV)/.site
	$(BIN)/python bench/run.py

$(VENV)/.site: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.test: $(VENV)/.site tests/requirements.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r tests/requirements.txt
	touch $@

browser:
	@command -v chromium >/dev/null && command -v java >/dev/null || { $(SUDO) apt-get update -qq && \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium default-jre-headless; }

# Correcteur orthographique des guides (tests/test_french.py) : hunspell et son dictionnaire français.
# D'autres installations peuvent tourner en même temps : apt attend le verrou au lieu d'échouer.
spelling:
	@command -v hunspell >/dev/null && [ -f /usr/share/hunspell/fr_FR.dic ] || { \
		$(SUDO) apt-get -o DPkg::Lock::Timeout=300 update -qq && \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends hunspell hunspell-fr; }
