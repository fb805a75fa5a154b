"""nouvelle-annee AAAA-AAAA --academie DOSSIER (handbook/year/academie.py): each base moved once,
the farthest first, then each school's own dates; one report per handbook; a school that fails
does not stop the others; --dry-run rehearses on a copy and writes nothing."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from conftest import build_at, write_files
from conftest import snapshot as site_snapshot

from handbook.academie.run import build_academie
from handbook.cli import main
from handbook.problems import shown_path
from handbook.year.academie import prepare_academie

FIXTURE = Path(__file__).parent / "fixtures" / "academie"
SCHOOLS = ("college-a", "college-b", "college-c")
TODAY = dt.date(2025, 8, 20)


@pytest.fixture
def academie(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1730000000")
    shutil.copytree(FIXTURE, tmp_path / "academie")
    return tmp_path / "academie"


def files_of(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def cycle(academie: Path, dry_run: bool = False) -> tuple[int, list[str]]:
    return prepare_academie(academie, "2025-2026", dry_run, today=TODAY)


def headers(lines: list[str]) -> list[str]:
    return [
        line.split(" (")[0] + " : " + line.rsplit(" : ", 1)[1] for line in lines if "==" in line
    ]


def test_the_base_then_every_school_is_moved_with_one_report_each(academie):
    code, lines = cycle(academie)
    assert code == 0, lines
    assert [line.rsplit("/", 1)[-1] for line in headers(lines)] == [
        "base : préparée ==",
        "college-a : préparé ==",
        "college-b : préparé ==",
        "college-c : préparé ==",
    ]
    assert "annee_scolaire: 2025-2026" in (academie / "base/site_config.yaml").read_text()
    for school in SCHOOLS:
        assert (academie / school / "content/annees/2024-2025/calendar.yaml").is_file()
    assert "fin: 16/10/2025" in (academie / "college-a/content/calendar.yaml").read_text()
    reports = academie / "nouvelle-annee-2025-2026"
    assert sorted(path.name for path in reports.iterdir()) == [
        "base.txt",
        "college-a.txt",
        "college-b.txt",
        "college-c.txt",
    ]
    report = (reports / "college-a.txt").read_text(encoding="utf-8")
    assert report.startswith("Collège Jean Moulin (college-a) : préparé\n")
    assert "  Période 1, fin : jeudi 17 octobre 2024 → jeudi 16 octobre 2025\n" in report
    assert "Comptes rendus : " in lines[-2]
    assert lines[-3] == "Académie, 2025-2026 : 1 base et 3 établissements prêts."
    assert lines[-1] == (
        "Relisez les calendriers, puis construisez tous les établissements : "
        f"python3 build.py academie {shown_path(academie)}"
    )


def test_after_the_cycle_each_school_alone_is_the_academies_build(academie, tmp_path):
    assert cycle(academie)[0] == 0
    code, lines = build_academie(academie)
    assert code == 0, lines
    for school in SCHOOLS:
        alone = tmp_path / f"seul-{school}"
        result = build_at(academie / school, output=alone, reuse=False)
        assert site_snapshot(alone) == site_snapshot(academie / school / "output"), school
        assert [archive.label for archive in result.handbook.archives] == ["2024-2025"]
        assert result.config.school_year.label == "2025-2026"
    page = (academie / "college-a/output/annees.html").read_text(encoding="utf-8")
    assert "Présenter Pix aux familles de sixième." in page  # its own 2024-2025 task


def test_a_failing_school_does_not_stop_the_others(academie):
    # a period on one line between braces: the command cannot rewrite it faithfully
    write_files(
        academie / "college-b",
        {"content/calendar.yaml": "periodes:\n  - {numero: 1, fin: 17/10/2024}\n"},
    )
    before = files_of(academie / "college-b")
    code, lines = cycle(academie)
    assert code == 1
    assert files_of(academie / "college-b") == before
    assert [line.rsplit("/", 1)[-1] for line in headers(lines)][1:] == [
        "college-a : préparé ==",
        "college-b : ÉCHEC ==",
        "college-c : préparé ==",
    ]
    assert any("college-b/content/calendar.yaml, ligne 2" in line for line in lines), lines
    assert "en échec : " in lines[-3] and lines[-3].endswith("college-b (voir plus haut).")
    for school in ("college-a", "college-c"):
        assert (academie / school / "content/annees/2024-2025/calendar.yaml").is_file()
    # fixed, the same command finishes the cycle: what is done is not done again
    write_files(academie / "college-b", {"content/calendar.yaml": "periodes:\n  - numero: 1\n"})
    code, lines = cycle(academie)
    assert code == 0, lines
    assert [line.rsplit("/", 1)[-1] for line in headers(lines)] == [
        "base : déjà prête ==",
        "college-a : déjà prêt ==",
        "college-b : préparé ==",
        "college-c : déjà prêt ==",
    ]


def test_schools_whose_base_failed_say_so_in_one_line_and_wait(academie):
    before = files_of(academie)
    # the holidays of 2031-2032 are not known: the base cannot be prepared
    code, lines = prepare_academie(academie, "2031-2032", False, today=TODAY)
    reports = {name for name in files_of(academie) if name.startswith("nouvelle-annee-2031")}
    assert code == 1 and len(reports) == 4  # the handbooks' reports, and nothing else written
    assert {k: v for k, v in files_of(academie).items() if k not in reports} == before
    assert [line.rsplit("/", 1)[-1] for line in headers(lines)] == [
        "base : ÉCHEC ==",
        "college-a : ÉCHEC ==",
        "college-b : ÉCHEC ==",
        "college-c : ÉCHEC ==",
    ]
    assert sum("vacances.yaml" in line for line in lines) == 1  # the base's error, told once
    waiting = [line for line in lines if "n'a pas pu être préparée" in line]
    assert len(waiting) == 3 and all("sa base " in line for line in waiting), lines


def test_a_dry_run_rehearses_everything_and_writes_nothing(academie):
    before = files_of(academie)
    code, lines = cycle(academie, dry_run=True)
    assert code == 0, lines
    assert files_of(academie) == before
    assert [line.rsplit("/", 1)[-1] for line in headers(lines)] == [
        "base : prête à préparer ==",
        "college-a : prêt à préparer ==",
        "college-b : prêt à préparer ==",
        "college-c : prêt à préparer ==",
    ]
    assert "  Période 1, fin : jeudi 17 octobre 2024 → jeudi 16 octobre 2025" in lines
    assert lines[-1] == "Aperçu seulement (--dry-run) : rien n'a été écrit."
    assert not any("/tmp/nouvelle-annee-" in line for line in lines)
    assert all(shown_path(academie) in line for line in lines if line.startswith("=="))


def test_a_chain_moves_the_academie_then_the_bassin_then_the_school(academie, tmp_path):
    write_files(
        academie,
        {
            "bassin/site_config.yaml": "base: ../base\netablissement: Bassin Nord\n",
            "bassin/content/calendar.yaml": "periodes:\n  - numero: 2\n    fin: 13/12/2024\n",
            "college-d/site_config.yaml": "base: ../bassin\netablissement: Collège Rosa Parks\n"
            "uai: 0990004D\n",
            "college-d/content/calendar.yaml": "jalons:\n  - id: journee-pix\n"
            "    date: 05/12/2024\n    titre: Journée Pix\n",
            "academie.yaml": "etablissements:\n  - college-d\n  - college-a\n",
        },
    )
    code, lines = cycle(academie)
    assert code == 0, lines
    assert [line.rsplit("/", 1)[-1] for line in headers(lines)] == [
        "base : préparée ==",
        "bassin : préparée ==",
        "college-d : préparé ==",
        "college-a : préparé ==",
    ]
    # the bassin's own end of period 2: Fri 13 Dec 2024, a week before Noël → Fri 12 Dec 2025
    assert "fin: 12/12/2025" in (academie / "bassin/content/calendar.yaml").read_text()
    assert "date: 04/12/2025" in (academie / "college-d/content/calendar.yaml").read_text()
    archived = (academie / "college-d/content/annees/2024-2025/calendar.yaml").read_text()
    assert "fin: 13/12/2024" in archived and "date: 05/12/2024" in archived
    result = build_at(academie / "college-d", output=tmp_path / "site")
    assert [p.end for p in result.handbook.periods] == [
        dt.date(2025, 10, 17),
        dt.date(2025, 12, 12),
    ]
    assert [p.end for p in result.handbook.archives[0].periods][1] == dt.date(2024, 12, 13)


def test_the_command_line(academie, capsys):
    assert main(["nouvelle-annee", "2025-2026", "--academie", str(academie), "--dry-run"]) == 0
    assert "Aperçu seulement" in capsys.readouterr().out
    assert main(["nouvelle-annee", "2025", "--academie", str(academie)]) == 2
    assert "attendu l'année à préparer sous la forme" in capsys.readouterr().err
    with pytest.raises(SystemExit) as stopped:
        main(["check", "--academie", str(academie)])
    assert stopped.value.code == 2
    assert "l'option --academie ne sert qu'avec nouvelle-annee" in capsys.readouterr().err
    assert main(["nouvelle-annee", "2025-2026", "--academie", str(academie)]) == 0
    assert (academie / "nouvelle-annee-2025-2026/college-c.txt").is_file()


def test_a_wrong_academie_file_is_named(academie):
    (academie / "academie.yaml").write_text("etablissement:\n  - college-a\n", encoding="utf-8")
    code, lines = cycle(academie)
    assert code == 1
    assert lines[0].startswith("ERREUR  ")
    assert "academie.yaml, ligne 1, champ « etablissement » : " in lines[0]


def test_a_dry_run_copies_only_the_handbooks_it_moves(academie, monkeypatch):
    """The académie file apart from its schools, the base beside them: the rehearsal copies the
    school's and the base's folders, not their common parent with what else it holds."""
    write_files(
        academie,
        {
            "liste/academie.yaml": "etablissements:\n  - ../college-a\n",
            "autre-chose/gros-fichier.txt": "sans rapport\n",
        },
    )
    copied = []
    real_copytree = shutil.copytree

    def recorded(source, *args, **kwargs):
        copied.append(Path(source).relative_to(academie).as_posix())
        return real_copytree(source, *args, **kwargs)

    monkeypatch.setattr(shutil, "copytree", recorded)
    before = files_of(academie)
    code, lines = prepare_academie(academie / "liste", "2025-2026", True, today=TODAY)
    assert code == 0, lines
    tops = [path for path in copied if not any(path.startswith(f"{o}/") for o in copied)]
    assert sorted(tops) == ["base", "college-a"]  # copytree calls itself for the folders inside
    assert files_of(academie) == before
    assert [line.rsplit("/", 1)[-1] for line in headers(lines)] == [
        "base : prête à préparer ==",
        "college-a : prêt à préparer ==",
    ]
