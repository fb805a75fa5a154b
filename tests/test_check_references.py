"""check/references.py's quoting_calendar: the references of the guides to the calendar and to the
school filled in, value in, problems out (the references found in a body: tests/test_references.py).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

from check_values import body_of, config, guide_file, messages, warnings

from handbook.check.guide import parsed_guide
from handbook.check.references import SchoolValues, quoting_calendar
from handbook.model import Base, Milestone, Period, Role
from handbook.problems import Report

PERIODS = [Period(1, "Période 1", dt.date(2023, 9, 4), dt.date(2023, 10, 20), {}, ())]
MILESTONES = [Milestone("fin-campagnes", dt.date(2023, 10, 27), "Fin des campagnes", None)]
SCHOOL = SchoolValues("Collège des Tests")


def guides(body: str) -> dict:
    file = guide_file("premier", f"---\ntitre: Du {{début période 1}}\n---\n\n{body}\n")
    parsed = parsed_guide(file, body_of(file), [Role("referent", "Référent", "")], Report())
    return {"premier": parsed}


def quoting(body: str, calendar_read: bool = True, school: SchoolValues = SCHOOL):
    report = Report()
    quoted = quoting_calendar(
        guides(body), PERIODS, MILESTONES, "2023-2024", None, calendar_read, report, school
    )
    return quoted["premier"].guide, report


def test_references_are_filled_in_everywhere_the_guide_shows_them():
    guide, report = quoting("Jusqu'au {jalon fin-campagnes}, en {année scolaire}.")
    assert report.errors == [] and report.warnings == []
    assert guide.title == "Du lundi 4 septembre 2023"
    assert "Jusqu'au vendredi 27 octobre 2023, en 2023-2024." in guide.body
    assert guide.digest != guides("x")["premier"].guide.digest


def test_a_guide_without_references_is_the_same_object():
    parsed = guides("Rien.")
    parsed["premier"] = dataclasses.replace(parsed["premier"], references=())
    quoted = quoting_calendar(
        parsed, PERIODS, MILESTONES, "2023-2024", None, True, Report(), SCHOOL
    )
    assert quoted["premier"] is parsed["premier"]


def test_unknown_references_are_errors_unless_the_calendar_lost_them():
    _, report = quoting("{période 4} et {rentrée}")
    assert messages(report) == [
        "content/guides/premier.md, ligne 5 : {période 4} : le calendrier n'a pas de période 4 "
        "(périodes : 1)",
        "content/guides/premier.md, ligne 5 : {rentrée} : la date de la rentrée n'est pas connue "
        "; indiquez « zone_vacances: » dans site_config.yaml, ou la rentrée dans "
        "content/vacances.yaml",
    ]
    _, report = quoting("{période 4} et {rentrée}", calendar_read=False)
    assert [problem.message.split(" : ")[0] for problem in report.errors] == ["{rentrée}"]


def test_a_calendar_date_written_in_full_is_a_warning():
    _, report = quoting("Le 27/10/2023 et le 20 octobre 2023.")
    assert warnings(report) == [
        "content/guides/premier.md, ligne 5 : « 27/10/2023 » est une date du calendrier : écrivez "
        "{jalon fin-campagnes}, qui suivra le calendrier d'une année à l'autre",
        "content/guides/premier.md, ligne 5 : « 20 octobre 2023 » est une date du calendrier : "
        "écrivez {fin période 1}, qui suivra le calendrier d'une année à l'autre",
    ]


def test_the_school_and_its_referent_are_quoted_from_the_configuration():
    school = SchoolValues("Collège A & B", "M. Martin", "pix@college.fr")
    guide, report = quoting(
        "## Au {Établissement}\n\n{référent} ({contact referent}), {etablissement}.", school=school
    )
    assert report.errors == [] and report.warnings == []
    assert "<p>M. Martin (pix@college.fr), Collège A &amp; B.</p>" in guide.body
    assert [heading.text for heading in guide.headings] == ["Au Collège A & B"]
    assert guide.sections[-1].text == "M. Martin (pix@college.fr), Collège A & B."
    other = quoting(
        "## Au {Établissement}\n\n{référent} ({contact referent}), {etablissement}.",
        school=SchoolValues("Collège A & B", "M. Durand", "pix@college.fr"),
    )[0]
    assert other.digest != guide.digest  # another référent: another page


def test_a_referent_the_configuration_does_not_give_is_an_error_naming_the_option():
    _, report = quoting("{référent}\n\n{contact référent}", calendar_read=False)
    assert messages(report) == [
        "content/guides/premier.md, ligne 5 : {référent} : le guide cite le nom du référent Pix, "
        "que site_config.yaml ne donne pas ; ajoutez-y l'option « nom_referent: », par exemple "
        "« nom_referent: M. Martin »",
        "content/guides/premier.md, ligne 7 : {contact référent} : le guide cite le moyen de "
        "joindre le référent Pix, que site_config.yaml ne donne pas ; ajoutez-y l'option "
        "« contact_referent: », par exemple « contact_referent: messagerie de l'ENT »",
    ]
    _, report = quoting("{contact référent}", school=SchoolValues("C", "M. Martin", "", "a.yaml"))
    assert messages(report)[0].startswith(
        "content/guides/premier.md, ligne 5 : {contact référent} : le guide cite le moyen de "
        "joindre le référent Pix, que a.yaml ne donne pas"
    )


def test_an_unknown_reference_lists_the_school_forms_too():
    _, report = quoting("{nom du référent}")
    assert messages(report)[0].endswith("{établissement}, {référent}, {contact référent}")


def test_a_school_on_a_base_is_told_that_its_own_file_gives_the_referent():
    alone = SchoolValues.of(config(referent_name="M. Martin"))
    assert (alone.school, alone.referent, alone.referent_contact) == (
        "Collège des Tests",
        "M. Martin",
        None,
    )
    on_base = SchoolValues.of(config(bases=(Base(Path("/base/site_config.yaml"), Path("/b")),)))
    _, report = quoting("{référent}", school=on_base)
    assert (
        "{référent} : le guide cite le nom du référent Pix, que le site_config.yaml de "
        "l'établissement ne donne pas ; ajoutez-y l'option « nom_referent: »"
    ) in messages(report)[0]
