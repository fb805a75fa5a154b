"""python3 build.py academie DOSSIER (handbook/academie/): every school of academie.yaml built in
one process, each as it builds alone, atomically; then the report, page and JSON."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, build_at, snapshot, write_files

from handbook.academie.run import build_academie

FIXTURE = Path(__file__).parent / "fixtures" / "academie"
SCHOOLS = ("college-a", "college-b", "college-c")
NAMES = {
    "college-a": ("Collège Jean Moulin", "0990001A"),
    "college-b": ("Collège Victor Hugo", "0990002B"),
    "college-c": ("Collège Marie Curie", "0990003C"),
}


@pytest.fixture
def academie(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1730000000")
    shutil.copytree(FIXTURE, tmp_path / "academie")
    return tmp_path / "academie"


def report_of(folder: Path) -> dict:
    return json.loads((folder / "rapport" / "rapport.json").read_text(encoding="utf-8"))


def test_every_school_is_built_and_the_report_says_so(academie):
    code, lines = build_academie(academie)
    assert code == 0, lines
    for school in SCHOOLS:
        assert (academie / school / "output" / "index.html").is_file()
    report = report_of(academie)
    assert [
        (s["dossier"], s["etablissement"], s["construit"]) for s in report["etablissements"]
    ] == [
        ("college-a", "Collège Jean Moulin", True),
        ("college-b", "Collège Victor Hugo", True),
        ("college-c", "Collège Marie Curie", True),
    ]
    assert lines[-1] == "Académie : 3 établissements construits."


def test_the_report_lists_each_schools_divergences_and_the_bases_hot_spots(academie):
    build_academie(academie)
    schools = {school["dossier"]: school for school in report_of(academie)["etablissements"]}
    assert {(d["action"], d["element"]) for d in schools["college-a"]["ecarts"]} == {
        ("complété", "tâche importer-siecle"),
        ("modifié", "tâche inviter-enseignants"),
        ("ajouté", "tâche reunion-parents"),
        ("déplacé", "tâche presenter-pix"),
        ("retiré", "tâche campagne-rentree"),
        ("modifié", "période 1"),
        ("retiré", "jalon fin-campagnes"),
        ("ajouté", "jalon conseil-pedagogique"),
        ("complété", "guide importer-siecle"),
        ("retiré", "guide charte"),
        ("ajouté", "guide club-pix"),
    }
    completed = next(d for d in schools["college-a"]["ecarts"] if d["element"] == "guide charte")
    assert (completed["fichier"], completed["ligne"]) == ("content/guides/charte.md", 2)
    assert [(d["action"], d["element"]) for d in schools["college-b"]["ecarts"]] == [
        ("remplacé", "guide certification")
    ]
    assert schools["college-c"]["ecarts"] == []
    page = (academie / "rapport" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="fr">' in page and "Collège Victor Hugo" in page
    assert 'href="../college-b/output/index.html"' in page


def test_each_school_built_alone_is_byte_for_byte_the_academies(academie, tmp_path):
    build_academie(academie)
    for school in SCHOOLS:
        alone = tmp_path / f"seul-{school}"
        build_at(academie / school, output=alone, reuse=False)
        assert snapshot(alone) == snapshot(academie / school / "output"), school


def test_no_school_holds_another_schools_name_or_uai(academie):
    build_academie(academie)
    for school in SCHOOLS:
        site = b"".join(
            path.read_bytes()
            for path in (academie / school / "output").rglob("*")
            if path.is_file()
        ).decode("utf-8", "replace")
        assert NAMES[school][0] in site
        for other in SCHOOLS:
            if other != school:
                assert not any(value in site for value in NAMES[other]), (school, other)


def test_a_failing_school_keeps_its_site_and_the_others_are_built(academie):
    build_academie(academie)
    before = snapshot(academie / "college-b" / "output")
    write_files(academie / "college-b", {"content/calendar.yaml": "jalons:\n  - id: inconnu\n"})
    guide = academie / "base" / "content" / "guides" / "charte.md"
    guide.write_text(guide.read_text() + "\nUne phrase de plus.\n", encoding="utf-8")
    code, lines = build_academie(academie)
    assert code == 1
    assert snapshot(academie / "college-b" / "output") == before  # untouched
    assert "Une phrase de plus." in (academie / "college-c/output/guides/charte.html").read_text()
    schools = {school["dossier"]: school for school in report_of(academie)["etablissements"]}
    assert schools["college-b"]["construit"] is False
    assert schools["college-b"]["erreurs"][0].startswith(
        "college-b/content/calendar.yaml, ligne 2, champ « jalons › inconnu » : aucun jalon de la "
        "base n'a l'id « inconnu »"
    )
    assert lines[-1] == (
        "Académie : 2 établissements construits, 1 en échec (leur site précédent est gardé)."
    )


def test_the_report_says_what_changed_in_the_base_for_each_school(academie):
    build_academie(academie)
    calendar = academie / "base" / "content" / "calendar.yaml"
    text = calendar.read_text(encoding="utf-8")
    text = text.replace("Importer la base SIECLE dans Pix Orga.", "Importer SIECLE dans Pix Orga.")
    text = text.replace(
        "        - id: non-certifiables\n",
        "        - id: convocations\n          texte: Envoyer les convocations.\n"
        "        - id: non-certifiables\n",
    )
    calendar.write_text(text, encoding="utf-8")
    build_academie(academie)
    schools = {school["dossier"]: school for school in report_of(academie)["etablissements"]}
    assert schools["college-a"]["depuis_le_precedent"] == [
        "nouveau dans la base : tâche convocations",
        "la base a changé tâche importer-siecle, que cet établissement a complétée "
        "(content/calendar.yaml, ligne 6) : relisez les deux",
    ]
    assert schools["college-c"]["depuis_le_precedent"] == [
        "nouveau dans la base : tâche convocations"
    ]


def test_a_wrong_academie_file_is_a_clear_error(academie):
    write_files(academie, {"academie.yaml": "etablissements:\n  - college-a\n  - college-a\n"})
    code, lines = build_academie(academie)
    assert code == 1
    [line] = lines
    assert line.startswith("ERREUR  ") and line.endswith(
        "academie.yaml, ligne 3, champ « etablissements » : « college-a » est déjà dans la liste "
        "(ligne 2)"
    )
    assert not (academie / "college-a" / "output").exists()


def test_the_command_line_builds_the_academie(academie):
    done = subprocess.run(
        [sys.executable, str(ROOT / "build.py"), "academie", str(academie)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert "Rapport :" in done.stdout and "3 établissements construits" in done.stdout
    missing = subprocess.run(
        [sys.executable, str(ROOT / "build.py"), "academie"], capture_output=True, text=True
    )
    assert missing.returncode == 2 and "indiquez le dossier de l'académie" in missing.stderr


def test_origines_shows_each_item_with_the_layer_and_line_that_wrote_it(academie):
    done = subprocess.run(
        [sys.executable, str(ROOT / "build.py"), "origines"],
        cwd=academie / "college-a",
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    for expected in (
        "    Importer la base SIECLE dans Pix Orga. Le secrétariat envoie l'export chaque lundi. "
        "[complétée : content/calendar.yaml, ligne 6]",
        "    Présenter Pix au conseil pédagogique. [déplacée : content/calendar.yaml, ligne 15]",
        "    Repérer les élèves non certifiables. [base : ../base/content/calendar.yaml, ligne 35]",
        "  club-pix [établissement : content/guides/club-pix.md]",
        "  importer-siecle [complété : content/guides/importer-siecle.md]",
        "  guide charte (content/guides/charte.md, ligne 2)",
    ):
        assert expected in lines
    alone = subprocess.run(
        [sys.executable, str(ROOT / "build.py"), "origines"],
        cwd=academie / "base",
        capture_output=True,
        text=True,
    )
    assert alone.returncode == 0 and "ne part d'aucune base" in alone.stdout


def test_many_schools_are_shared_between_processes_each_its_own(academie, tmp_path, monkeypatch):
    """From PARALLEL_FROM schools after the first, copies of the process build them, each copy a
    few (here 2, so that copies are replaced): each school's site is still its own, and what it
    builds alone."""
    from handbook.academie import run
    from handbook.academie.run import PARALLEL_FROM

    monkeypatch.setattr(run, "SCHOOLS_PER_COPY", 2)

    extra = [f"college-{number}" for number in range(1, PARALLEL_FROM + 3)]
    files = {
        f"{name}/site_config.yaml": f"base: ../base\netablissement: Collège Essai {number}\n"
        f"uai: 09800{number:02d}X\n"
        for number, name in enumerate(extra, start=1)
    }
    files["academie.yaml"] = "etablissements:\n" + "".join(f"  - {name}\n" for name in extra)
    write_files(academie, files)
    code, lines = build_academie(academie)
    assert code == 0, lines
    for number, name in enumerate(extra, start=1):
        home = (academie / name / "output" / "index.html").read_text(encoding="utf-8")
        assert f">Collège Essai {number} ·" in home
        others = [n for n in range(1, len(extra) + 1) if n != number]
        assert not any(f"Collège Essai {other} ·" in home for other in others)
    alone = tmp_path / "seul"
    build_at(academie / extra[-1], output=alone, reuse=False)
    assert snapshot(alone) == snapshot(academie / extra[-1] / "output")
