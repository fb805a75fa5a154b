"""nouvelle-annee on a school that builds on a base (handbook/year/based.py): the base first, then
the school's own dates moved, only its own files rewritten, its year archived as it had it."""

from __future__ import annotations

import datetime as dt
import errno
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, build_at

from handbook.year.nextyear import prepare
from handbook.year.sources import JOURNAL

FIXTURE = Path(__file__).parent / "fixtures" / "academie"
TODAY = dt.date(2025, 8, 20)  # after 2024-2025: the report says nothing of a running year


@pytest.fixture
def academie(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1730000000")
    shutil.copytree(FIXTURE, tmp_path / "academie")
    return tmp_path / "academie"


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under the folder, with its bytes."""
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def run(folder: Path, label: str = "2025-2026", dry_run: bool = False) -> tuple[int, list[str]]:
    return prepare(folder / "site_config.yaml", label, dry_run, today=TODAY)


def moved_base(academie: Path) -> Path:
    code, lines = run(academie / "base")
    assert code == 0, lines
    return academie


def test_a_school_moves_only_its_own_dates_and_keeps_its_base_as_it_is(academie):
    moved_base(academie)
    base = snapshot(academie / "base")
    before = (academie / "college-a/content/calendar.yaml").read_text(encoding="utf-8")
    code, lines = run(academie / "college-a")
    assert code == 0, lines
    assert snapshot(academie / "base") == base
    after = (academie / "college-a/content/calendar.yaml").read_text(encoding="utf-8")
    # worked out by hand: Thu 17 Oct 2024 is the Thursday before the Toussaint (zone C, from Sat
    # 19 Oct 2024); in 2025 the Toussaint starts Sat 18 Oct: the Thursday before is the 16th.
    # Conseil: Thu 14 Nov 2024, 2nd week after the reprise (Mon 4 Nov) → Thu 13 Nov 2025.
    assert after == before.replace("fin: 17/10/2024", "fin: 16/10/2025").replace(
        "date: 14/11/2024", "date: 13/11/2025"
    )
    assert (academie / "college-a/site_config.yaml").read_text(encoding="utf-8") == (
        FIXTURE / "college-a/site_config.yaml"
    ).read_text(encoding="utf-8")
    assert lines[2:5] == [
        "Dates propres à l'établissement déplacées (les autres viennent de la base, "
        f"{shown(academie / 'base/site_config.yaml')}) :",
        "  Période 1, fin : jeudi 17 octobre 2024 → jeudi 16 octobre 2025",
        "  jalon « Conseil pédagogique consacré à Pix » : jeudi 14 novembre 2024 → jeudi 13 "
        "novembre 2025",
    ]


def shown(path: Path) -> str:
    from handbook.problems import shown_path

    return shown_path(path)


def test_the_archived_year_is_the_merged_calendar_and_builds(academie, tmp_path):
    moved_base(academie)
    assert run(academie / "college-a")[0] == 0
    archive = academie / "college-a/content/annees/2024-2025"
    text = (archive / "calendar.yaml").read_text(encoding="utf-8")
    assert text.startswith("# Collège Jean Moulin : le calendrier 2024-2025 tel qu'il était")
    assert "fin: 17/10/2024" in text  # the school's own end of period 1
    assert "Le secrétariat envoie l'export chaque lundi." in text  # its completed task
    assert "fin-campagnes" not in text  # the milestone it removed
    assert "campagne-rentree" not in text  # the task it removed
    assert (archive / "site_config.yaml").read_bytes() == (
        FIXTURE / "college-a/site_config.yaml"
    ).read_bytes()
    result = build_at(academie / "college-a", output=tmp_path / "site")
    archived = result.handbook.archives[0]
    assert archived.label == "2024-2025"
    assert [(p.number, p.start, p.end) for p in archived.periods] == [
        (1, dt.date(2024, 9, 2), dt.date(2024, 10, 17)),
        (2, dt.date(2024, 11, 4), dt.date(2024, 12, 20)),
    ]
    assert [m.id for m in archived.milestones] == ["debut-certification", "conseil-pedagogique"]
    page = (tmp_path / "site/annees.html").read_text(encoding="utf-8")
    assert "Présenter Pix aux familles de sixième." in page
    assert "Conseil pédagogique consacré à Pix" in page
    # the school's current year: the base's new dates under its own
    assert [(p.start, p.end) for p in result.handbook.periods] == [
        (dt.date(2025, 9, 1), dt.date(2025, 10, 16)),
        (dt.date(2025, 11, 3), dt.date(2025, 12, 19)),
    ]


def test_a_base_not_moved_yet_is_named_with_the_command_to_run_first(academie, capsys):
    before = snapshot(academie)
    code, lines = run(academie / "college-a")
    assert code == 1
    assert snapshot(academie) == before
    message = lines[0]
    assert (
        message.startswith("ERREUR  ")
        and (
            "base/site_config.yaml, ligne 4, champ « annee_scolaire » : la base n'est pas encore "
            "préparée pour 2025-2026 (elle est en 2024-2025) : ses dates, et les dates "
            "nationales, se changent dans la base, en premier ; préparez-la, puis relancez cette "
            "commande ; pour la préparer : python3 "
        )
        in message
    )
    first = re.search(r"pour la préparer : (python3 .*)$", message).group(1)
    assert lines[-1] == "Échec : rien n'a été écrit."
    # the command works as written, from here
    done = subprocess.run(
        [sys.executable, *shlex.split(first)[1:]], capture_output=True, text=True, cwd=Path.cwd()
    )
    assert done.returncode == 0, done.stderr
    assert run(academie / "college-a")[0] == 0


def test_a_dry_run_writes_nothing_and_says_so(academie):
    moved_base(academie)
    before = snapshot(academie)
    code, lines = run(academie / "college-a", dry_run=True)
    assert code == 0, lines
    assert snapshot(academie) == before
    assert lines[-1] == "Aperçu seulement (--dry-run) : rien n'a été écrit."
    assert "  Période 1, fin : jeudi 17 octobre 2024 → jeudi 16 octobre 2025" in lines


def test_a_school_without_dates_of_its_own_archives_its_year(academie, tmp_path):
    moved_base(academie)
    code, lines = run(academie / "college-c")
    assert code == 0, lines
    assert "  aucune : toutes ses dates viennent de la base" in lines
    assert not (academie / "college-c/content/calendar.yaml").exists()
    archived = (academie / "college-c/content/annees/2024-2025/calendar.yaml").read_text(
        encoding="utf-8"
    )
    assert "fin-campagnes" in archived and "date: 12/11/2024" in archived
    result = build_at(academie / "college-c", output=tmp_path / "site")
    assert result.handbook.archives[0].label == "2024-2025"


def test_a_second_run_is_refused_as_already_done(academie):
    moved_base(academie)
    assert run(academie / "college-a")[0] == 0
    before = snapshot(academie)
    code, lines = run(academie / "college-a")
    assert code == 1
    assert (
        "l'établissement a déjà archivé 2024-2025 : son année 2025-2026 est déjà préparée"
        in (lines[0])
    )
    assert snapshot(academie) == before


def test_a_school_that_writes_its_own_year_has_it_rewritten(academie):
    config = academie / "college-c/site_config.yaml"
    config.write_text(
        config.read_text(encoding="utf-8") + "annee_scolaire: 2024-2025\n", encoding="utf-8"
    )
    moved_base(academie)
    code, lines = run(academie / "college-c")
    assert code == 0, lines
    assert config.read_text(encoding="utf-8").endswith("annee_scolaire: 2025-2026\n")
    assert (
        (academie / "college-c/content/annees/2024-2025/site_config.yaml")
        .read_text(encoding="utf-8")
        .endswith("annee_scolaire: 2024-2025\n")
    )


def test_own_dates_that_no_longer_go_with_the_base_are_refused(academie):
    moved_base(academie)
    calendar = academie / "base/content/calendar.yaml"
    text = calendar.read_text(encoding="utf-8")
    calendar.write_text(
        text.replace("fin: 17/10/2025", "fin: 10/10/2025").replace(
            "debut: 03/11/2025", "debut: 13/10/2025"
        ),
        encoding="utf-8",
    )
    before = snapshot(academie)
    code, lines = run(academie / "college-a")
    assert code == 1
    assert snapshot(academie) == before
    joined = "\n".join(lines)
    assert (
        "une fois déplacées, les dates de l'établissement ne vont pas avec celles de la base"
        in (joined)
    )
    assert re.search(
        r"base/content/calendar\.yaml, ligne 31, champ « periodes › 2 › debut » : la "
        r"période 2 commence le 13/10/2025, avant la fin de la période 1 \(16/10/2025\)",
        joined,
    )


def test_the_command_line_runs_it(academie):
    moved_base(academie)
    done = subprocess.run(
        [
            sys.executable,
            str(ROOT / "build.py"),
            "nouvelle-annee",
            "2025-2026",
            "--config",
            str(academie / "college-b/site_config.yaml"),
        ],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert "Année 2025-2026 (zone A)" in done.stdout


def test_a_refused_write_at_any_step_undoes_everything_or_says_how_to_finish(academie, tmp_path):
    """As for a school alone (sources.py): before the journal, nothing is left; after it, the
    message gives the command that finishes, which works as written."""
    moved_base(academie)
    reference = tmp_path / "reference"
    shutil.copytree(academie, reference)
    assert run(reference / "college-a")[0] == 0
    expected = snapshot(reference / "college-a")
    for failing in range(1, 30):
        copy = tmp_path / f"refus-{failing}"
        shutil.copytree(academie, copy)
        school = copy / "college-a"
        before = snapshot(school)
        count = []

        def refuse():
            count.append(1)
            if len(count) == failing:
                raise PermissionError(errno.EACCES, "Permission denied", str(school / "content"))

        code, lines = prepare(school / "site_config.yaml", "2025-2026", False, step=refuse)
        if len(count) < failing:  # every write done before this one would have failed
            assert code == 0 and snapshot(school) == expected
            break
        assert code == 1
        if (school / "content" / JOURNAL).exists():
            again = re.search(r"pour le terminer : (python3 .*)$", lines[0]).group(1)
            assert again.endswith(
                f"nouvelle-annee 2025-2026 --config {shown(school)}/site_config.yaml"
            )
            done = subprocess.run(
                [sys.executable, *shlex.split(again)[1:]], capture_output=True, text=True
            )
            assert done.returncode == 0, done.stderr
            assert snapshot(school) == expected, failing
        else:
            assert lines[-1] == "Échec : rien n'a été écrit."
            assert snapshot(school) == before, failing
    assert failing > 10  # folders, new files, journal, each file replaced: every step refused


def test_a_school_already_in_the_year_to_prepare_is_refused(academie):
    config = academie / "college-c/site_config.yaml"
    config.write_text(
        config.read_text(encoding="utf-8") + "annee_scolaire: 2025-2026\n", encoding="utf-8"
    )
    moved_base(academie)
    before = snapshot(academie)
    code, lines = run(academie / "college-c")
    assert code == 1
    assert lines[0].endswith(
        "site_config.yaml, ligne 4, champ « annee_scolaire » : 2025-2026 n'est pas après l'année "
        "de l'établissement (2025-2026) : attendu une année à venir"
    )
    assert snapshot(academie) == before


def test_a_base_that_does_not_check_alone_is_named_with_the_command_that_says_why(academie):
    config = academie / "base/site_config.yaml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("zone_vacances: C", "zone_vacances: D"),
        encoding="utf-8",
    )
    (academie / "college-a/site_config.yaml").write_text(
        (academie / "college-a/site_config.yaml").read_text(encoding="utf-8")
        + "zone_vacances: C\n",
        encoding="utf-8",
    )
    before = snapshot(academie)
    code, lines = run(academie / "college-a")
    assert code == 1, lines
    assert "la base ne se vérifie pas ; corrigez-la d'abord, ce que dit : python3 " in lines[0]
    check = re.search(r"ce que dit : (python3 .*)$", lines[0]).group(1)
    assert check.endswith(f"check --config {shown(config)}")
    done = subprocess.run([sys.executable, *shlex.split(check)[1:]], capture_output=True, text=True)
    assert done.returncode == 1 and "zone_vacances" in done.stderr
    assert snapshot(academie) == before
