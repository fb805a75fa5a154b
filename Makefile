# make site   : installe ce qu'il faut (une fois) puis construit le guide dans output/
# make serve  : idem, puis sert le guide sur http://127.0.0.1:8000 en le reconstruisant à chaque modification
#               (make serve PORT=8001 : sur un autre port)
# make check  : vérifie tout le contenu sans rien écrire (avertissements compris)
# make nouvelle-annee ANNEE=2027-2028 [APERCU=1] : prépare l'année suivante (APERCU=1 : montre sans rien écrire)
#               ACADEMIE=../academie : celle de chaque guide commun puis de chaque établissement de l'académie
# make nouvel-etablissement DOSSIER=../autre-college : crée le guide d'un autre établissement
# CONFIG=../autre-college/site_config.yaml avec site, serve, check ou nouvelle-annee : un autre établissement
# make test   : installe ce qu'il faut (paquets Python, Chromium, Java, nginx, hunspell) puis lance toute la suite de tests
# make test-rapide : la suite sans navigateur, impression, validateurs externes, nginx, ni les commandes du README
#               dans une copie neuve du projet, ni les zones A et B de nouvelle-annee (la zone C reste), ni
#               l'arrêt de nouvelle-annee avant chacune de ses écritures (un processus par écriture) ;
#               sur tous les processeurs (pytest-xdist) : moins d'une minute
# make golden : réécrit la sortie attendue des tests « golden » (tests/fixtures/golden*/attendu/) après un changement voulu
# make bench  : mesures de vitesse et de mémoire (voir README), en rapport au « plancher-2 » (les bibliothèques seules)
#               make bench CAS=construction : les constructions seules ; make bench CAS=serve : enregistrement →
#               page rechargée dans Chromium seul (guide livré, 1 000 guides, et le serveur de Hugo)
PYTHON ?= python3
CONFIG ?= site_config.yaml
PORT ?= 8000
VENV := .venv
BIN := $(VENV)/bin
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: site serve check nouvelle-annee nouvel-etablissement test test-rapide bench browser nginx \
	hugo spelling golden

site: $(VENV)/.site
	$(BIN)/python build.py --config $(CONFIG)

serve: $(VENV)/.site
	$(BIN)/python build.py serve --config $(CONFIG) --port $(PORT)

check: $(VENV)/.site
	$(BIN)/python build.py check --strict --config $(CONFIG)

nouvelle-annee: $(VENV)/.site
	@[ -n "$(ANNEE)" ] || { echo "Indiquez l'année à préparer, par exemple : make nouvelle-annee ANNEE=2027-2028" >&2; exit 2; }
	$(BIN)/python build.py nouvelle-annee $(ANNEE) $(if $(ACADEMIE),--academie $(ACADEMIE),--config $(CONFIG)) $(if $(APERCU),--dry-run)

nouvel-etablissement: $(VENV)/.site
	@[ -n "$(DOSSIER)" ] || { echo "Indiquez le dossier à créer, par exemple : make nouvel-etablissement DOSSIER=../autre-college" >&2; exit 2; }
	$(BIN)/python build.py nouvel-etablissement $(DOSSIER)

test: $(VENV)/.test browser nginx spelling
	$(BIN)/python -m pytest

test-rapide: $(VENV)/.test
	$(BIN)/python -m pytest -m "not lent" -n auto

CAS ?= tout
bench: $(VENV)/.test browser hugo
	$(BIN)/python bench/run.py --cas $(CAS)

golden: $(VENV)/.site
	$(BIN)/python tests/test_golden.py

$(VENV)/.site: requirements.txt
	@echo "$(PYTHON) -m venv $(VENV)"; $(PYTHON) -m venv $(VENV) || { rm -rf $(VENV); echo "L'environnement Python du guide n'a pas pu être \
	créé. Sous Debian ou Ubuntu, installez d'abord ce qu'il faut : sudo apt install python3-venv (puis \
	relancez la même commande)." >&2; exit 1; }
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
