"""The school year around the calendar: holidays per zone, jours fériés, days without class, « à
confirmer »."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import CALENDAR, CONFIG, build_at, problems_at

from handbook.build.settings import load_config
from handbook.problems import Report
from handbook.read.holidays import public_holidays, year_calendar

ZONE_C = CONFIG + "zone_vacances: C\n"


def year_of(root):
    config = load_config(root / "site_config.yaml", Report())
    return year_calendar(config, Report())


def test_shipped_holidays_of_zone_c_2023_2024(project):
    year = year_of(project({"site_config.yaml": ZONE_C}))
    assert year.rentree == dt.date(2023, 9, 4)
    winter = year.holiday_named("vacances d'hiver")
    assert (winter.first, winter.last) == (dt.date(2024, 2, 10), dt.date(2024, 2, 25))
    assert year.off_reason(dt.date(2023, 11, 1)) == "pendant les vacances de la Toussaint"
    assert year.off_reason(dt.date(2024, 5, 1)) == "un jour férié (Fête du Travail)"
    assert year.off_reason(dt.date(2023, 9, 9)) == "un jour de week-end"
    assert year.off_reason(dt.date(2023, 8, 28)).startswith("avant la rentrée")
    assert year.is_school_day(dt.date(2024, 2, 26))


@pytest.mark.parametrize(
    "zone, first",
    [("A", dt.date(2025, 2, 22)), ("B", dt.date(2025, 2, 8)), ("C", dt.date(2025, 2, 15))],
)
def test_each_zone_has_its_winter_holidays(project, zone, first):
    root = project(
        {
            "site_config.yaml": CONFIG.replace("2023-2024", "2024-2025")
            + f"zone_vacances: {zone}\n",
            "content/calendar.yaml": CALENDAR.replace("2023", "2024").replace("2024-2025", "x"),
        }
    )
    assert year_of(root).holiday_named("vacances d'hiver").first == first


def test_the_jours_feries_of_a_school_year_from_1_august_to_31_july():
    d = dt.date
    assert public_holidays(2024) == (
        (d(2024, 8, 15), "Assomption"),
        (d(2024, 11, 1), "Toussaint"),
        (d(2024, 11, 11), "Armistice"),
        (d(2024, 12, 25), "Noël"),
        (d(2025, 1, 1), "Jour de l'an"),
        (d(2025, 4, 21), "Lundi de Pâques"),
        (d(2025, 5, 1), "Fête du Travail"),
        (d(2025, 5, 8), "Fête de la Victoire"),
        (d(2025, 5, 29), "Ascension"),
        (d(2025, 6, 9), "Lundi de Pentecôte"),
        (d(2025, 7, 14), "Fête nationale"),
    )


# Easter Sunday: 31 March 2024, 20 April 2025, 5 April 2026, 28 March 2027; the Ascension is a
# Thursday 39 days later, the lundi de Pentecôte a Monday 50 days later.
@pytest.mark.parametrize(
    "start_year, lundi_de_paques, ascension, lundi_de_pentecote",
    [
        (2023, dt.date(2024, 4, 1), dt.date(2024, 5, 9), dt.date(2024, 5, 20)),
        (2024, dt.date(2025, 4, 21), dt.date(2025, 5, 29), dt.date(2025, 6, 9)),
        (2025, dt.date(2026, 4, 6), dt.date(2026, 5, 14), dt.date(2026, 5, 25)),
        (2026, dt.date(2027, 3, 29), dt.date(2027, 5, 6), dt.date(2027, 5, 17)),
    ],
)
def test_the_jours_feries_that_follow_easter(
    start_year, lundi_de_paques, ascension, lundi_de_pentecote
):
    days = dict(public_holidays(start_year))
    assert days[lundi_de_paques] == "Lundi de Pâques"
    assert days[ascension] == "Ascension"
    assert days[lundi_de_pentecote] == "Lundi de Pentecôte"
    assert len(days) == 11


@pytest.mark.parametrize(
    "start_year, vendredi_saint",
    [(2023, dt.date(2024, 3, 29)), (2024, dt.date(2025, 4, 18)), (2026, dt.date(2027, 3, 26))],
)
def test_alsace_moselle_adds_the_vendredi_saint_and_the_26_december(start_year, vendredi_saint):
    saint_etienne = dt.date(start_year, 12, 26)
    days = dict(public_holidays(start_year, alsace_moselle=True))
    assert days[vendredi_saint] == "Vendredi saint" and days[saint_etienne] == "Saint-Étienne"
    assert set(days) - set(dict(public_holidays(start_year))) == {vendredi_saint, saint_etienne}


def test_two_jours_feries_on_the_same_day_are_one_named_after_both():
    days = dict(public_holidays(2058))
    assert days[dt.date(2059, 5, 8)] == "Ascension et Fête de la Victoire" and len(days) == 10


def test_alsace_moselle_in_the_configuration_makes_the_vendredi_saint_a_day_without_class(project):
    root = project({"site_config.yaml": ZONE_C})
    assert year_of(root).is_school_day(dt.date(2024, 3, 29))
    root = project({"site_config.yaml": ZONE_C + "alsace_moselle: oui\n"})
    assert year_of(root).off_reason(dt.date(2024, 3, 29)) == "un jour férié (Vendredi saint)"


def test_without_a_zone_the_handbook_builds_as_before(project):
    root = project()
    result = build_at(root, output=root / "out")
    assert result.handbook.year is None
    assert "vacances" not in (root / "out" / "periode-1.html").read_text(encoding="utf-8")


def test_holidays_show_on_the_period_page_the_home_page_and_the_poster(project):
    root = project({"site_config.yaml": ZONE_C})
    build_at(root, output=root / "out")
    home = (root / "out" / "index.html").read_text(encoding="utf-8")
    assert (
        "Vacances de la Toussaint\u00a0: du samedi 21 octobre au dimanche 5 novembre 2023" in home
    )
    assert "<svg" in home and "La frise en texte" in home
    # to scale: 103 days from Mon 4 Sep to Fri 15 Dec 2023; the Toussaint starts on day 47 and lasts
    # 16 days
    assert '<rect class="strip-holiday" x="456.3" y="4" width="155.3" height="40">' in home
    poster = (root / "out" / "affiche-a3.html").read_text(encoding="utf-8")
    assert "Toussaint\u00a0: 21/10 → 05/11" in poster


def test_a_period_over_holidays_names_them(project):
    calendar = CALENDAR.replace("fin: 2023-10-20", "fin: 2023-10-27\n    fin_voulue: true")
    root = project({"site_config.yaml": ZONE_C, "content/calendar.yaml": calendar})
    build_at(root, output=root / "out")
    period = (root / "out" / "periode-1.html").read_text(encoding="utf-8")
    assert (
        "dont les vacances de la Toussaint, du samedi 21 octobre au dimanche 5 novembre 2023"
        in period
    )


def test_off_days_are_warned_unless_intended_and_fail_in_strict(project):
    calendar = CALENDAR.replace("debut: 06/11/2023", "debut: 18/11/2023")
    root = project({"site_config.yaml": ZONE_C, "content/calendar.yaml": calendar})
    warnings = [str(w) for w in build_at(root, output=root / "out").warnings]
    assert any(
        "la période 2 commence le samedi 18 novembre 2023, un jour de week-end" in w
        and "debut_voulu: true" in w
        for w in warnings
    )
    assert any(
        "le jalon « Fin des campagnes » tombe le vendredi 27 octobre 2023, pendant les vacances de "
        "la Toussaint" in w
        for w in warnings
    )
    assert any("debut_voulu" in p for p in problems_at(root, strict=True, write=False))
    intended = calendar.replace(
        "debut: 18/11/2023", "debut: 18/11/2023\n    debut_voulu: true"
    ).replace("titre: Fin des campagnes", "titre: Fin des campagnes\n    date_voulue: true")
    root = project({"site_config.yaml": ZONE_C, "content/calendar.yaml": intended})
    assert not [w for w in build_at(root, write=False, strict=True).warnings]


def test_a_milestone_to_confirm_is_shown_and_published_as_tentative(project):
    from icalendar import Calendar

    calendar = CALENDAR.replace(
        "titre: Fin des campagnes", "titre: Fin des campagnes\n    a_confirmer: true"
    )
    root = project({"content/calendar.yaml": calendar})
    build_at(root, output=root / "out")
    assert "(date à confirmer)" in (root / "out" / "index.html").read_text(encoding="utf-8")
    feed = Calendar.from_ical((root / "out" / "calendrier.ics").read_bytes())
    event = next(e for e in feed.walk("VEVENT") if "Fin des campagnes" in str(e["summary"]))
    assert str(event["summary"]).endswith("(à confirmer)") and str(event["status"]) == "TENTATIVE"


@pytest.mark.parametrize(
    "files, expected",
    [
        (
            {"site_config.yaml": CONFIG + "zone_vacances: D\n"},
            "champ « zone_vacances » : « D » ne convient pas ; attendu : "
            "la zone des vacances scolaires de l'établissement : A, B ou C",
        ),
        ({"site_config.yaml": CONFIG + "alsace_moselle: peut-être\n"}, "champ « alsace_moselle »"),
        ({"content/vacances.yaml": "annees: [\n"}, "content/vacances.yaml"),
        (
            {
                "content/vacances.yaml": "annees:\n  2023-2024:\n    rentree: 31/09/2023\n"
                "    vacances: []\n"
            },
            "content/vacances.yaml, ligne 3, champ « annees › 2023-2024 › rentree » : "
            "la date « 31/09/2023 » n'existe pas",
        ),
        (
            {
                "content/vacances.yaml": "annees:\n  2023-2024:\n    rentree: 2023-09-04\n"
                "    vacances:\n      - nom: Toussaint\n"
                "        du: 2023-11-05\n        au: 2023-10-21\n"
            },
            "content/vacances.yaml, ligne 7, champ « annees › 2023-2024 › vacances › 1 › au »",
        ),
        ({"content/vacances.yaml": "vacances: []\n"}, "attendu : « annees: »"),
        (
            {
                "content/calendar.yaml": CALENDAR.replace(
                    "debut: 2023-09-04", "debut: 2023-09-04\n    debut_voulu: peut-être"
                )
            },
            "champ « periodes › 1 › debut_voulu » : « peut-être » : écrivez true (pour oui) ou "
            "false (pour non)",
        ),
    ],
)
def test_bad_year_input_is_a_clear_error_and_nothing_is_written(project, files, expected):
    root = project(files)
    out = root / "out"
    problems = problems_at(root, output=out)
    assert any(expected in problem for problem in problems), problems
    assert not out.exists()


def test_own_holidays_in_the_content_win_over_the_shipped_ones(project):
    own = (
        "annees:\n  2023-2024:\n    rentree: 2023-09-05\n    vacances:\n"
        "      - nom: vacances de la Toussaint\n        du: 2023-10-28\n        au: 2023-11-05\n"
    )
    root = project({"site_config.yaml": ZONE_C, "content/vacances.yaml": own})
    year = year_of(root)
    assert year.rentree == dt.date(2023, 9, 5) and year.source == "content/vacances.yaml"
    assert year.holiday_named("vacances de la Toussaint").first == dt.date(2023, 10, 28)


def test_an_unknown_year_says_what_to_write_and_where(project):
    root = project(
        {
            "site_config.yaml": ZONE_C.replace("2023-2024", "2028-2029"),
            "content/calendar.yaml": CALENDAR.replace("2023", "2028").replace("2024", "2029"),
        }
    )
    problems = problems_at(root, output=root / "out")
    assert any(
        "les dates des vacances de 2028-2029 ne sont pas connues" in p
        and "content/vacances.yaml" in p
        for p in problems
    )
    assert not (root / "out").exists()


def test_the_real_posters_show_the_zone_c_holidays(real_site):
    """The shipped 2026-2027, zone C (facts §1.6: Toussaint 17/10–2/11/2026, Noël
    19/12/2026–4/01/2027, hiver 6/02–22/02/2027, printemps 3/04–19/04/2027, given as first and last
    days off). tests/test_print.py prints these same posters and checks each is one sheet."""
    a3 = real_site.files["affiche-a3.html"].decode()
    assert a3.count('class="poster-holiday"') == 4 and "Hiver\u00a0: 06/02 → 21/02" in a3
    a4 = real_site.files["affiche-a4.html"].decode()
    assert (
        "Vacances (zone C)\u00a0: Toussaint 17/10–01/11 · Noël 19/12–03/01 · Hiver 06/02–21/02 · "
        "Printemps 03/04–18/04." in a4
    )
