"""Shared fixtures: small fixture sites built in tmp_path, the real handbook built once, a headless
browser."""

from __future__ import annotations

import atexit
import json
import os
import shutil
import tempfile
from pathlib import Path

import pytest

from handbook.build.pipeline import Options, Result, build
from handbook.build.write import MARKER
from handbook.problems import BuildFailed

ROOT = Path(__file__).resolve().parents[1]
# Builds keep compiled templates in the user's own cache folder (see handbook/build/cache.py): the
# tests, which build from hundreds of temporary template folders, keep theirs in a folder of their
# own.
os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="guide-pix-tests-")
atexit.register(shutil.rmtree, os.environ["XDG_CACHE_HOME"], True)
TEMPLATES = ROOT / "templates"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

CONFIG = f"""\
titre: Guide de test
etablissement: Collège des Tests
annee_scolaire: 2023-2024
url_publique: https://intranet.exemple.fr/pix
dossier_gabarits: {TEMPLATES.as_posix()}
"""

CALENDAR = """\
roles:
  - id: referent
    nom: Référent Pix
  - id: eleves
    nom: Élèves
periodes:
  - numero: 1
    debut: 2023-09-04
    fin: 2023-10-20
    taches:
      referent:
        - texte: Importer la base.
          guide: premier
      eleves:
        - Se connecter.
  - numero: 2
    debut: 06/11/2023
    fin: 15/12/2023
    taches:
      referent:
        - Faire le bilan.
      eleves:
        - texte: Passer le test.
          guide: second
jalons:
  - id: fin-campagnes
    date: 2023-10-27
    titre: Fin des campagnes
"""

FIRST_GUIDE = """\
---
titre: Premier guide
resume: Pour commencer.
roles: [referent]
---

Voir le [second guide](second.md#etapes).

## Étapes

1. Ouvrir.
"""

SECOND_GUIDE = """\
---
titre: Second guide
---

## Étapes

Revenir au [premier](premier.md).
"""

BASE_FILES = {
    "site_config.yaml": CONFIG,
    "content/calendar.yaml": CALENDAR,
    "content/guides/premier.md": FIRST_GUIDE,
    "content/guides/second.md": SECOND_GUIDE,
}


def write_files(root: Path, files: dict[str, str | bytes | None]) -> None:
    for name, data in files.items():
        path = root / name
        if data is None:
            if path.exists():
                path.unlink()
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8")


@pytest.fixture
def project(tmp_path):
    """make(files) writes a small valid site in tmp_path, with `files` added, replaced or (None)
    removed."""

    def make(files: dict[str, str | bytes | None] | None = None) -> Path:
        write_files(tmp_path, {**BASE_FILES, **(files or {})})
        return tmp_path

    return make


def build_at(root: Path, **options) -> Result:
    return build(Options(root / "site_config.yaml", **options))


def problems_at(root: Path, **options) -> list[str]:
    """The problems a failing build reports, as the command line prints them."""
    with pytest.raises(BuildFailed) as failure:
        build_at(root, **options)
    return [str(problem) for problem in failure.value.report.errors]


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file of a built site; of the marker, only the files it lists and their keys (the rest
    records file dates and sizes, which differ from one build to the next)."""
    files = {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }
    listed = json.loads(files[MARKER])["files"]
    files[MARKER] = json.dumps(
        {path: record[0] for path, record in listed.items()}, sort_keys=True
    ).encode()
    return files


REAL_ADDRESS = "https://intranet.college-exemple.fr/pix/"


def deployed_config(folder: Path) -> Path:
    """This repository's site_config.yaml as a school fills it in: its intranet address given (the
    shipped file leaves url_publique commented out, so that no example address can pass for a real
    one)."""
    shipped = (ROOT / "site_config.yaml").read_text(encoding="utf-8")
    assert "\n# url_publique: " in shipped
    text = shipped.replace(
        "\n# url_publique: https://intranet.votre-etablissement.fr/pix/",
        f"\nurl_publique: {REAL_ADDRESS}",
    )
    text = text.replace(
        "dossier_contenu: content", f"dossier_contenu: {(ROOT / 'content').as_posix()}"
    )
    text = text.replace("dossier_gabarits: templates", f"dossier_gabarits: {TEMPLATES.as_posix()}")
    config = folder / "site_config.yaml"
    config.write_text(text, encoding="utf-8")
    return config


@pytest.fixture(scope="session")
def real_site(tmp_path_factory) -> Result:
    """The real handbook (this repository's content/) as a school deploys it (see deployed_config),
    built once in strict mode."""
    folder = tmp_path_factory.mktemp("real")
    return build(Options(deployed_config(folder), output=folder / "output", strict=True))


PREVIOUS_YEAR = ROOT / "content/annees/2023-2024"  # kept by « nouvelle-annee 2026-2027 »


def shipped_referent() -> str:
    """The référent's lines of the shipped site_config.yaml: today's guides quote the référent,
    whom the configuration kept with 2023-2024 does not name (the options came later)."""
    return "".join(
        line + "\n"
        for line in (ROOT / "site_config.yaml").read_text(encoding="utf-8").splitlines()
        if line.startswith(("nom_referent:", "contact_referent:"))
    )


@pytest.fixture(scope="session")
def previous_year_site(tmp_path_factory) -> Result:
    """The 2023-2024 handbook of the user's source as it was before the change of year: the archived
    calendar and configuration made current again (deployed like the real one), with today's guides
    and templates; built once in strict mode. Tests of behaviour tied to known dates (« En ce
    moment » on a given day, printed pages) use it."""
    root = tmp_path_factory.mktemp("annee-2023-2024")
    shutil.copytree(ROOT / "content", root / "content", ignore=shutil.ignore_patterns("annees"))
    shutil.copy(PREVIOUS_YEAR / "calendar.yaml", root / "content/calendar.yaml")
    config = (PREVIOUS_YEAR / "site_config.yaml").read_text(encoding="utf-8")
    assert "\n# url_publique: " in config and "dossier_gabarits: templates" in config
    config = config.replace(
        "\n# url_publique: https://intranet.votre-etablissement.fr/pix/",
        f"\nurl_publique: {REAL_ADDRESS}",
    )
    config = config.replace(
        "dossier_gabarits: templates", f"dossier_gabarits: {TEMPLATES.as_posix()}"
    )
    (root / "site_config.yaml").write_text(config + shipped_referent(), encoding="utf-8")
    return build(Options(root / "site_config.yaml", output=root / "output", strict=True))


# The slow tier: what needs Chromium, a PDF print, an external validator (Nu checker, axe, hunspell)
# or nginx, and the README's commands run in a fresh copy of the project after « make site » (the
# « installed » fixture: a .venv/ from PyPI, then every command); a few tests are marked where they
# are (zones A and B in test_nextyear.py, the kill at every write in test_nextyear_writing.py).
# « make test-rapide » runs everything else (pytest -m "not lent" -n auto: every processor, xdist).
SLOW_FIXTURES = {"browser", "page", "hunspell", "installed"}
SLOW_MODULES = {"test_nginx", "test_print", "test_standards"}


def pytest_collection_modifyitems(items):
    for item in items:
        module = item.module.__name__ if item.module else ""
        if SLOW_FIXTURES & set(item.fixturenames) or module in SLOW_MODULES:
            item.add_marker(pytest.mark.lent)


FIGURES: dict[str, int] = {}


@pytest.fixture
def figures() -> dict[str, int]:
    """Counts a test records for the run's closing summary (pages validated, violations, links…)."""
    return FIGURES


def pytest_terminal_summary(terminalreporter):
    if FIGURES:
        terminalreporter.section("contrôles du site")
        for name, value in FIGURES.items():
            terminalreporter.write_line(f"{name} : {value}")


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    assert os.path.exists(CHROMIUM), "Chromium manque : lancez « make test », qui l'installe"
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1200, "height": 900}, locale="fr-FR")
    page = context.new_page()
    yield page
    context.close()
