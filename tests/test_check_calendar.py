"""check/calendar.py: calendar.yaml's roles, periods and milestones, and previous years'
calendars, value in, problems out."""

from __future__ import annotations

import datetime as dt

from check_values import config, messages, warnings, yaml_file

from handbook.check.calendar import archives_of, calendar_of
from handbook.problems import Report
from handbook.read.load import YamlFile

CALENDAR = """\
roles:
  - id: referent
    nom: Référent Pix
periodes:
  - numero: 1
    debut: 2023-09-04
    fin: 2023-10-20
    taches:
      referent:
        - Importer la base.
  - numero: 2
    titre: Hiver
    debut: 06/11/2023
    fin: 15/12/2023
    debut_voulu: true
jalons:
  - id: fin-campagnes
    date: 2023-10-27
    titre: Fin des campagnes
  - id: rentree
    date: 2023-09-04
    titre: Rentrée
    a_confirmer: true
    roles: [referent]
"""


def test_a_good_calendar_gives_its_roles_periods_and_milestones_in_order():
    report = Report()
    calendar = calendar_of(config(), yaml_file(CALENDAR), report)
    assert report.errors == [] and calendar.complete
    assert [role.id for role in calendar.roles] == ["referent"]
    first, second = calendar.periods
    assert (first.title, first.start, first.end) == (
        "Période 1",
        dt.date(2023, 9, 4),
        dt.date(2023, 10, 20),
    )
    assert second.title == "Hiver" and second.start_intended and not second.end_intended
    assert [task.text for task in calendar.tasks] == ["Importer la base."]
    assert [milestone.id for milestone in calendar.milestones] == ["rentree", "fin-campagnes"]
    rentree = calendar.milestones[0]
    assert rentree.to_confirm and rentree.role_ids == ("referent",) and rentree.period_number == 1


def test_a_calendar_that_is_not_a_mapping_says_what_it_holds():
    report = Report()
    calendar = calendar_of(config(), yaml_file("- roles\n"), report)
    assert not calendar.complete and calendar.periods == []
    assert messages(report) == [
        "content/calendar.yaml : attendu : trois parties « roles: », « periodes: » et « jalons: »"
    ]


def test_a_calendar_unreadable_is_reported_once():
    report, reading = Report(), Report()
    reading.error("content/calendar.yaml", 3, None, "YAML mal formé")
    unreadable = YamlFile("content/calendar.yaml", None, tuple(reading.errors))
    calendar = calendar_of(config(), unreadable, report)
    assert not calendar.complete
    assert messages(report) == ["content/calendar.yaml, ligne 3 : YAML mal formé"]


def test_bad_roles_are_each_named():
    report = Report()
    text = CALENDAR.replace(
        "roles:\n",
        "roles:\n  - id: Vie Scolaire\n    nom: CPE\n  - id: referent\n    nom: Double\n",
    )
    calendar_of(config(), yaml_file(text), report)
    assert messages(report)[:2] == [
        "content/calendar.yaml, ligne 2, champ « roles › 1 › id » : « Vie Scolaire » : attendu un "
        "identifiant en minuscules sans accent ni espace, par exemple « vie-scolaire »",
        "content/calendar.yaml, ligne 6, champ « roles › 3 › id » : le rôle « referent » est "
        "déclaré deux fois",
    ]


def test_periods_must_fit_the_year_and_follow_each_other():
    report = Report()
    text = CALENDAR.replace("fin: 2023-10-20", "fin: 2024-08-20").replace(
        "debut: 06/11/2023\n    fin: 15/12/2023", "debut: 15/12/2023\n    fin: 06/11/2023"
    )
    calendar = calendar_of(config(), yaml_file(text), report)
    assert calendar.periods == [] and not calendar.complete
    assert messages(report) == [
        "content/calendar.yaml, ligne 7, champ « periodes › 1 › fin » : le 20/08/2024 est hors de "
        "l'année scolaire 2023-2024 (du 01/08/2023 au 31/07/2024)",
        "content/calendar.yaml, ligne 14, champ « periodes › 2 › fin » : la période 2 finit "
        "(06/11/2023) avant de commencer (15/12/2023)",
    ]


def test_period_numbers_are_positive_unique_and_in_order():
    report = Report()
    text = CALENDAR.replace("numero: 2", "numero: 1").replace(
        "numero: 1\n    debut: 2023", "numero: 0\n    debut: 2023"
    )
    calendar_of(config(), yaml_file(text), report)
    assert messages(report) == [
        "content/calendar.yaml, ligne 5, champ « periodes › 1 › numero » : « 0 » : attendu un "
        "nombre entier positif (1, 2, 3…)",
    ]
    report = Report()
    text = CALENDAR.replace("numero: 2", "numero: 1")
    calendar_of(config(), yaml_file(text), report)
    assert messages(report) == [
        "content/calendar.yaml, ligne 11, champ « periodes › 2 › numero » : deux périodes portent "
        "le numéro 1"
    ]


def test_milestones_need_a_stable_unique_id_and_a_day_of_the_year():
    report = Report()
    text = (
        CALENDAR.replace("  - id: fin-campagnes\n", "  - \n").replace(
            "id: rentree\n    date: 2023-09-04", "id: rentree\n    date: 2024-09-04"
        )
        + "  - id: Rentrée\n    date: 2023-09-05\n    titre: Autre\n"
    )
    calendar = calendar_of(config(), yaml_file(text), report)
    assert calendar.milestones == []
    found = messages(report)
    assert found[0].startswith(
        "content/calendar.yaml, ligne 18, champ « jalons › 1 › id » : ce jalon n'a pas d'« id: » "
        "; ajoutez par exemple « id: fin-des-campagnes »"
    )
    assert found[1].endswith(
        "le 04/09/2024 est hors de l'année scolaire 2023-2024 (du 01/08/2023 au 31/07/2024)"
    )
    assert found[2].endswith(
        "« Rentrée » : attendu un identifiant en minuscules sans accent ni espace"
    )


def test_a_milestone_for_an_unknown_role_suggests_the_declared_ones():
    report = Report()
    calendar_of(
        config(), yaml_file(CALENDAR.replace("roles: [referent]", "roles: [referant]")), report
    )
    assert messages(report) == [
        "content/calendar.yaml, ligne 24, champ « jalons › 2 › roles » : rôle inconnu « referant » "
        "(vouliez-vous écrire « referent » ?) ; rôles déclarés dans « roles » : referent (par "
        "exemple « roles: [referent] »)"
    ]


def archive(label: str) -> YamlFile:
    text = CALENDAR.replace("2023", "2022").replace("2022-10-27", "2022-10-28")
    return yaml_file(text, f"content/annees/{label}/calendar.yaml")


def test_previous_years_are_checked_against_their_own_year():
    report = Report()
    archives = archives_of(config(), (archive("2022-2023"),), report, {})
    assert report.errors == [] and [year.label for year in archives] == ["2022-2023"]
    assert archives[0].periods[0].start == dt.date(2022, 9, 4)


def test_an_archive_folder_must_be_a_previous_year_label():
    report = Report()
    archives_of(config(), (archive("2031-2020"), archive("2023-2024")), report, {})
    assert messages(report) == [
        "content/annees/2031-2020/calendar.yaml : le dossier d'une année archivée doit s'appeler "
        "comme l'année, par exemple 2023-2024",
        "content/annees/2023-2024/calendar.yaml : 2023-2024 n'est pas une année précédente : le "
        "guide est de 2023-2024 (« annee_scolaire » de site_config.yaml) ; seules les années "
        "d'avant sont archivées dans ce dossier",
    ]
    assert warnings(report) == []
