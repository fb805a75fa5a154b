"""nouvelle-annee: next year's calendar from the shipped 2023-2024 content, zone by zone, checked
date by date."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest
from conftest import shipped_referent

from handbook.build.pipeline import Options, build, handbook_of
from handbook.build.settings import load_config
from handbook.cli import main
from handbook.problems import Report
from handbook.read.holidays import year_calendar

ROOT = Path(__file__).resolve().parents[1]


PREVIOUS_YEAR = (
    ROOT / "content/annees/2023-2024"
)  # the shipped 2023-2024 calendar, kept when 2026-2027 was made


# Each zone runs the real handbook through three years: zones A and B only in the full suite, zone C
# in the quick tier too (make test-rapide, pytest -m "not lent").
ZONES = [pytest.param("A", marks=pytest.mark.lent), pytest.param("B", marks=pytest.mark.lent), "C"]


def shipped_copy(tmp_path: Path, zone: str = "C") -> Path:
    """The repository's real guides and templates with the shipped 2023-2024 calendar and
    configuration made current again (the handbook now ships 2026-2027 and keeps 2023-2024 as its
    previous year), in the given zone."""
    shutil.copytree(ROOT / "content", tmp_path / "content", ignore=shutil.ignore_patterns("annees"))
    shutil.copy(PREVIOUS_YEAR / "calendar.yaml", tmp_path / "content/calendar.yaml")
    shutil.copytree(ROOT / "templates", tmp_path / "templates")
    config = (PREVIOUS_YEAR / "site_config.yaml").read_text(encoding="utf-8") + shipped_referent()
    (tmp_path / "site_config.yaml").write_text(
        re.sub(r"(?m)^zone_vacances: .*$", f"zone_vacances: {zone}", config), encoding="utf-8"
    )
    return tmp_path


def run(root: Path, *arguments: str) -> int:
    return main(["nouvelle-annee", *arguments, "--config", str(root / "site_config.yaml")])


def calendar_of(root: Path):
    config = load_config(root / "site_config.yaml", Report())
    return config, handbook_of(config, Report())


def files_of(root: Path) -> dict[str, bytes]:
    """The project's files, but the .cache/ folder (what it keeps only saves time: processed guides,
    feeds)."""
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file() and ".cache" not in path.relative_to(root).parts
    }


# Worked out by hand from the facts sheet (§1.3, §1.4, §3), not with the code: 2023-2024 →
# 2024-2025, zone C. Rentrée Mon 4 Sep 2023 → Mon 2 Sep 2024; Toussaint 21/10–5/11/2023 →
# 19/10–3/11/2024; Noël reprise Mon 8 Jan 2024 → Mon 6 Jan 2025; hiver C 10/02–25/02/2024 →
# 15/02–2/03/2025; printemps C 6/04–21/04/2024 → 12/04–27/04/2025; été from Sat 6 Jul 2024 → Sat 5
# Jul 2025.
EXPECTED_2024_2025_C = {
    # période: (début, fin)
    1: (
        "2024-08-12",
        "2024-09-13",
    ),  # 3 weeks before the rentrée week (voulu); 2nd week after the rentrée, Friday
    2: (
        "2024-09-23",
        "2024-10-25",
    ),  # 4th week after the rentrée; Friday of Toussaint's 1st week (day 7 of it)
    3: (
        "2024-11-12",
        "2024-12-13",
    ),  # 2nd week after Toussaint: Mon 11 Nov is Armistice → Tue 12; 2nd week before Noël
    4: ("2025-01-13", "2025-02-21"),  # 2nd week after Noël; Friday of winter C's 1st week (voulu)
    5: ("2025-03-03", "2025-04-03"),  # winter C reprise; Thursday of the 2nd week before spring C
    6: (
        "2025-04-21",
        "2025-05-23",
    ),  # day 10 of spring C (voulu); Friday of the 4th week after spring C
    7: (
        "2025-06-02",
        "2025-06-13",
    ),  # 6th week after spring C; Friday of the 4th week before summer
    8: (
        "2025-06-16",
        "2025-07-04",
    ),  # Monday of the 3rd week before summer; last Friday before summer
}
EXPECTED_MILESTONES_2024_2025_C = {
    "fin-campagnes-rentree": ("2024-10-25", False),  # end of période 2, moved with it
    "debut-certification": (
        "2025-03-03",
        True,
    ),  # national: Monday of ISO week 10 again, « à confirmer »
    "fin-certification": (
        "2025-06-13",
        True,
    ),  # national: Friday of ISO week 24 again, « à confirmer »
}


def test_2024_2025_zone_c_matches_the_table_worked_out_by_hand(tmp_path):
    root = shipped_copy(tmp_path)
    assert run(root, "2024-2025") == 0
    config, handbook = calendar_of(root)
    assert config.school_year.label == "2024-2025"
    got = {
        period.number: (period.start.isoformat(), period.end.isoformat())
        for period in handbook.periods
    }
    assert got == EXPECTED_2024_2025_C
    milestones = {m.id: (m.date.isoformat(), m.to_confirm) for m in handbook.milestones}
    assert milestones == EXPECTED_MILESTONES_2024_2025_C


@pytest.mark.parametrize("zone", ZONES)
def test_each_zone_prepares_three_years_in_a_row_and_each_builds(tmp_path, zone):
    root = shipped_copy(tmp_path, zone)
    _, first = calendar_of(root)
    previous = first
    for label in ("2024-2025", "2025-2026", "2026-2027"):
        assert run(root, label) == 0
        config, handbook = calendar_of(root)
        assert handbook is not None and config.school_year.label == label
        year = year_calendar(config, Report())
        periods = handbook.periods
        assert [p.number for p in periods] == [p.number for p in previous.periods]
        for period in periods:
            assert period.start <= period.end
            assert period.start_intended or year.is_school_day(period.start), (
                label,
                period.number,
                period.start,
            )
            assert period.end_intended or year.is_school_day(period.end), (
                label,
                period.number,
                period.end,
            )
        for before, after in zip(periods, periods[1:]):
            assert before.end < after.start
        for (
            period
        ) in periods:  # every start was a Monday in 2023-2024: it stays the week's first school day
            earlier = [
                period.start - dt.timedelta(days=n) for n in range(1, period.start.weekday() + 1)
            ]
            assert period.start_intended or not any(year.is_school_day(day) for day in earlier), (
                label,
                period,
            )
        old_periods = {m.id: m.period_number for m in previous.milestones}
        for milestone in handbook.milestones:
            if not milestone.to_confirm:
                assert milestone.period_number == old_periods[milestone.id]
        result = build(Options(root / "site_config.yaml", output=tmp_path / f"site-{label}"))
        assert result.page_count > 40
        assert (tmp_path / f"site-{label}" / "annees.html").is_file()
        previous = handbook
    archived = sorted(
        path.parent.name for path in (root / "content" / "annees").glob("*/calendar.yaml")
    )
    assert archived == ["2023-2024", "2024-2025", "2025-2026"]


def test_a_start_pushed_by_a_public_holiday_does_not_drift_the_next_year(tmp_path):
    # By hand: 2024-2025 période 3 starts Tue 12 Nov 2024 (Mon 11 is Armistice), the 2nd week after
    # the Toussaint reprise (Mon 4 Nov 2024). In 2025-2026 the reprise is Mon 3 Nov 2025: the 2nd
    # week starts Mon 10 Nov 2025, a school day (Armistice is Tue 11).
    root = shipped_copy(tmp_path)
    assert run(root, "2024-2025") == 0 and run(root, "2025-2026") == 0
    _, handbook = calendar_of(root)
    assert handbook.period(3).start == dt.date(2025, 11, 10)


def test_a_year_whose_holidays_are_unknown_is_refused_and_nothing_is_written(tmp_path, capsys):
    root = shipped_copy(tmp_path)
    before = files_of(root)
    assert run(root, "2028-2029") == 1
    error = capsys.readouterr().err
    assert (
        "2028-2029" in error and "content/vacances.yaml" in error and "rien n'a été écrit" in error
    )
    assert files_of(root) == before


@pytest.mark.parametrize(
    "label, code, expected",
    [  # README: 1 for the content, 2 for a misused command line
        ("2022-2023", 1, "n'est pas après l'année du guide"),
        ("2023-2024", 1, "n'est pas après l'année du guide"),
        ("2024-2026", 2, "attendu l'année à préparer sous la forme 2024-2025"),
        (
            "24-25",
            2,
            "attendu l'année à préparer sous la forme 2024-2025, par exemple : "
            "python3 build.py nouvelle-annee 2024-2025",
        ),
        (
            "",
            2,
            "indiquez l'année à préparer, par exemple : python3 build.py nouvelle-annee 2024-2025",
        ),
        ("２０２４-２０２５", 2, "attendu l'année à préparer sous la forme 2024-2025"),
        ("0000-0001", 2, "attendu l'année à préparer sous la forme 2024-2025"),
    ],
)
def test_a_year_in_the_past_or_malformed_is_refused_and_nothing_is_written(
    tmp_path, capsys, label, code, expected
):
    root = shipped_copy(tmp_path)
    before = files_of(root)
    assert run(root, label) == code
    assert expected in capsys.readouterr().err
    assert files_of(root) == before


def test_dry_run_shows_every_move_and_writes_nothing(tmp_path, capsys):
    root = shipped_copy(tmp_path)
    glossary = (
        root / "content/guides/glossaire.md"
    )  # the shipped guides follow 2026-2027: one made older
    glossary.write_text(
        glossary.read_text(encoding="utf-8").replace("regles: 2026-2027", "regles: 2023-2024"),
        encoding="utf-8",
    )
    before = files_of(root)
    assert run(root, "2024-2025", "--dry-run") == 0
    out = capsys.readouterr().out
    assert "Période 3, début : lundi 13 novembre 2023 → mardi 12 novembre 2024" in out
    assert "À confirmer" in out and "Début de la certification collège" in out
    assert "Guides à relire pour 2024-2025" in out and "content/guides/glossaire.md" in out
    assert "rien n'a été écrit" in out
    assert files_of(root) == before


def test_the_previous_calendar_is_kept_and_comments_survive(tmp_path):
    root = shipped_copy(tmp_path)
    original = (root / "content" / "calendar.yaml").read_text(encoding="utf-8")
    assert run(root, "2024-2025") == 0
    assert (root / "content" / "annees" / "2023-2024" / "calendar.yaml").read_text(
        encoding="utf-8"
    ) == original
    new = (root / "content" / "calendar.yaml").read_text(encoding="utf-8")
    assert new.count("\n#") == original.count("\n#")
    assert "a_confirmer: true" in new
    assert new.startswith("# Calendrier Pix du collège, année 2024-2025.")
    assert "annee_scolaire: 2024-2025" in (root / "site_config.yaml").read_text(encoding="utf-8")
    build(Options(root / "site_config.yaml", output=tmp_path / "site"))
    archive = (tmp_path / "site" / "annees.html").read_text(encoding="utf-8")
    assert "Année 2023-2024" in archive
    assert "Période 3\u00a0: du lundi 13 novembre au vendredi 15 décembre 2023" in archive
    assert "Réaliser un bilan des campagnes des parcours de rentrée." in archive
    assert "lundi 4 mars 2024\u00a0: Début de la certification collège" in archive
    assert 'href="annees.html">Années précédentes</a>' in (
        tmp_path / "site" / "index.html"
    ).read_text(encoding="utf-8")


def test_without_a_holiday_zone_the_command_says_what_to_write(tmp_path, capsys):
    root = shipped_copy(tmp_path)
    config = root / "site_config.yaml"
    config.write_text(
        re.sub(r"(?m)^zone_vacances: .*\n", "", config.read_text(encoding="utf-8")),
        encoding="utf-8",
    )
    before = files_of(root)
    assert run(root, "2024-2025") == 1
    assert "zone_vacances" in capsys.readouterr().err
    assert files_of(root) == before


def shipped_handbook(tmp_path: Path) -> Path:
    """The handbook as shipped (2026-2027, zone C), templates included."""
    for name in ("content", "templates"):
        shutil.copytree(ROOT / name, tmp_path / name)
    shutil.copy(ROOT / "site_config.yaml", tmp_path / "site_config.yaml")
    return tmp_path


def test_a_year_the_generator_does_not_know_points_at_vacances_yaml_with_the_names_to_write(
    tmp_path, capsys, monkeypatch
):
    root = shipped_handbook(tmp_path)
    monkeypatch.chdir(root)  # files are named from where the command is typed
    assert run(root, "2027-2028") == 1
    [error] = [line for line in capsys.readouterr().err.splitlines() if line.startswith("ERREUR")]
    assert error.startswith(
        "ERREUR  content/vacances.yaml : les dates des vacances de 2027-2028 ne sont pas connues"
    )
    assert "annee_scolaire" not in error and "site_config.yaml" not in error
    for name in (
        "vacances de la Toussaint",
        "vacances de Noël",
        "vacances d'hiver",
        "vacances de printemps",
        "pont de l'Ascension",
        "vacances d'été",
    ):
        assert f"« {name} »" in error, error


def test_every_missing_holiday_is_reported_in_one_run_with_the_names_expected(
    tmp_path, capsys, monkeypatch
):
    root = shipped_handbook(tmp_path)
    monkeypatch.chdir(root)
    (root / "content/vacances.yaml").write_text(
        "annees:\n  2027-2028:\n    rentree: 02/09/2027\n    vacances:\n"
        "      - nom: vacances de la Toussaint\n        du: 23/10/2027\n        au: 07/11/2027\n"
        "      - nom: Noël\n        du: 18/12/2027\n        au: 02/01/2028\n"
        "      - nom: vacances d'été\n        du: 01/07/2028\n",
        encoding="utf-8",
    )
    before = files_of(root)
    assert run(root, "2027-2028", "--dry-run") == 1
    errors = [line for line in capsys.readouterr().err.splitlines() if line.startswith("ERREUR")]
    where = "ERREUR  content/vacances.yaml, ligne 2, champ « annees › 2027-2028 › vacances » : "
    assert [
        error[len(where) :].split(" manquent")[0] for error in errors if error.startswith(where)
    ] == [
        "les « vacances de Noël »",
        "les « vacances d'hiver »",
        "les « vacances de printemps »",
    ], errors
    assert "(« Noël » : vouliez-vous écrire « vacances de Noël » ?)" in errors[0]
    assert all(
        "noms attendus, ceux de 2026-2027 : « vacances de la Toussaint », « vacances de Noël », "
        "« vacances d'hiver », « vacances de printemps », « vacances d'été »" in error
        for error in errors
    )
    assert files_of(root) == before


def _pauses(handbook, year) -> dict[tuple[int, int], int]:
    """Weeks from a period's end to the next one's start (Monday to Monday), for neighbours with no
    holidays of a week or more between them."""
    monday = lambda day: day - dt.timedelta(days=day.weekday())  # noqa: E731
    return {
        (before.number, after.number): (monday(after.start) - monday(before.end)).days // 7
        for before, after in zip(handbook.periods, handbook.periods[1:])
        if not any(holiday.is_break for holiday in year.holidays_between(before.end, after.start))
    }


@pytest.mark.parametrize("zone", ZONES)
def test_three_steps_keep_the_pauses_between_periods_or_say_which_not(tmp_path, capsys, zone):
    """2023-2024 has a free week between période 6 and période 7 (Whit Monday's week). Moved a year
    at a time through 2025-2026's short spring stretch, période 6's end was placed from the spring
    reprise and période 7's start from the summer, and the pause was lost (période 7 began the day
    after période 6 in 2026-2027)."""
    root = shipped_copy(tmp_path, zone)
    config, handbook = calendar_of(root)
    first = _pauses(handbook, year_calendar(config, Report()))
    assert first[(6, 7)] == 2  # Friday 17 May 2024 → Monday 27 May 2024
    for label in ("2024-2025", "2025-2026", "2026-2027"):
        assert run(root, label) == 0
        said = capsys.readouterr().out
        config, handbook = calendar_of(root)
        pauses = _pauses(handbook, year_calendar(config, Report()))
        for pair, weeks in pauses.items():
            if pair in first:
                named = f"Période {pair[1]} : l'écart avec la fin de Période {pair[0]}" in said
                assert weeks == first[pair] or named, (label, pair, weeks, first[pair])
    if zone == "C":
        assert handbook.period(6).end == dt.date(2027, 5, 14)
        assert handbook.period(7).start == dt.date(
            2027, 5, 24
        )  # Whit Monday's week (17–21 May) left free
        assert handbook.period(7).end == dt.date(2027, 6, 11)


def test_the_report_says_which_start_moved_to_keep_a_pause(tmp_path, capsys):
    root = shipped_copy(tmp_path)
    assert run(root, "2024-2025") == 0 and run(root, "2025-2026") == 0
    out = capsys.readouterr().out
    assert "Écarts entre périodes :" in out
    assert (
        "Période 7 : début le lundi 8 juin 2026 (et non le lundi 1er juin 2026), "
        "pour garder l'écart avec la fin de Période 6 "
        "(2 semaines d'un lundi à l'autre, comme en 2024-2025)"
    ) in out


def test_the_report_names_the_archived_year_from_where_the_command_is_typed(
    tmp_path, capsys, monkeypatch
):
    """« Année précédente copiée dans content/annees/2026-2027 », as the user opens it, not the
    absolute path."""
    root = shipped_handbook(tmp_path)
    monkeypatch.chdir(root)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    [holidays] = re.findall(
        r"^```yaml\n(# content/vacances\.yaml.*?)^```", readme, re.DOTALL | re.MULTILINE
    )
    (root / "content/vacances.yaml").write_text(holidays, encoding="utf-8")
    assert run(root, "2027-2028") == 0
    said = capsys.readouterr().out
    assert "Année précédente copiée dans content/annees/2026-2027 (elle reste lisible" in said, said
    assert str(tmp_path) not in said
