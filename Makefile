# make site   : installe ce qu'il faut (une fois) puis construit le guide dans output/
# make serve  : idem, puis sert le guide sur http://127.0.0.1:8000 en le reconstruisant à chaque modification
# make test   : installe ce qu'il faut (paquets Python, Chromium, Java, nginx, hunspell) puis lance toute la suite de tests
# make golden : réécrit la sortie attendue des tests « golden » (tests/fixtures/golden/attendu/) après un changement voulu
# make bench  : mesures de vitesse et de mémoire (voir README), en rapport au « plancher-2 » (les bibliothèques seules)
#               make bench CAS=construction : les constructions seules ; make bench CAS=serve : enregistrement →
#               page rechargée dans Chromium seul (guide livré, 1 000 guides, et le serveur de Hugo)
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: site serve check test bench browser nginx hugo spelling golden

site: $(VENV)/.site
	$(BIN)/python build.py

serve: $(VENV)/.site
	$(BIN)/python build.py serve

check: $(VENV)/.site
	$(BIN)/python build.py check --strict

test: $(VENV)/.test browser nginx spelling
	$(BIN)/python -m pytest

CAS ?= tout
bench: $(VENV)/.test browser hugo
	$(BIN)/python bench/run.py --cas $(CAS)

golden: $(VENV)/.site
	$(BIN)/python tests/test_golden.py

$(VENV)/.site: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.test: $(VENV)/.site tests/requirements.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r tests/requirements.txt
	touch $@

APT := $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300

browser:
	@command -v chromium >/dev/null && command -v java >/dev/null || { $(APT) update -qq && \
		$(APT) install -y -qq --no-install-recommends chromium default-jre-headless; }

nginx:
	@[ -x /usr/sbin/nginx ] || { $(APT) update -qq && $(APT) install -y -qq --no-install-recommends nginx-light; }

# Générateur comparé par le banc d'essai (bench/rivals.py), et son serveur (bench/reload.py).
hugo:
	@command -v hugo >/dev/null || { $(APT) update -qq && $(APT) install -y -qq --no-install-recommends hugo; }

# Correcteur orthographique des guides (tests/test_french.py) : hunspell et son dictionnaire français.
spelling:
	@command -v hunspell >/dev/null && [ -f /usr/share/hunspell/fr_FR.dic ] || { $(APT) update -qq && \
		$(APT) install -y -qq --no-install-recommends hunspell hunspell-fr; }
