"""check/assemble.py: the model built from the values read, value in, model and problems out."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from check_values import body_of, config, guide_file, messages, warnings, yaml_file

from handbook.check import assemble
from handbook.check.calendar import calendar_of
from handbook.check.guide import parsed_guide
from handbook.problems import Report
from handbook.read.load import Content

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
        - texte: Faire le bilan.
          guide: bilan
        - texte: Importer la base.
          guide: importer
jalons:
  - id: fin-campagnes
    date: 2023-10-27
    titre: Fin des campagnes
"""
GUIDES = {
    "aide": "---\ntitre: Aide\n---\n\nVoir [le bilan](bilan.md).\n",
    "importer": "---\ntitre: Importer\nregles: 2022-2023\n---\n\nAvant le {jalon fin-campagnes}.\n",
    "bilan": "---\ntitre: Bilan\n---\n\nTexte.\n",
}


def content(calendar: str = CALENDAR, guides: dict[str, str] = GUIDES) -> Content:
    files = tuple(guide_file(name, text) for name, text in guides.items())
    return Content(
        yaml_file(calendar),
        None,
        files,
        frozenset(f"guides/{name}.md" for name in guides),
        1600000000.0,
        Path("/ecole/content"),
    )


def validate(read: Content, report: Report, **settings):
    bodies = {file.display: body_of(file) for file in read.guides}
    return assemble.validate(config(**settings), read, bodies, None, report)


def test_the_model_is_built_from_the_values(monkeypatch):
    monkeypatch.setenv(
        "SOURCE_DATE_EPOCH", "1"
    )  # the checks read the value given, not the variable
    report = Report()
    handbook = validate(content(), report, source_date_epoch="1700000000")
    assert report.errors == []
    assert list(handbook.guides) == ["bilan", "importer", "aide"]  # the order the year meets them
    assert handbook.guides["importer"].body.startswith("<p>Avant le vendredi 27 octobre 2023.")
    assert handbook.updated == dt.datetime(2023, 11, 14, 22, 13, 20, tzinfo=dt.timezone.utc)
    assert [period.number for period in handbook.periods] == [1]
    assert warnings(report) == [
        "content/guides/aide.md : aucune tâche du calendrier ni aucun autre guide ne renvoie à ce "
        "guide : les lecteurs ne le trouveront que par l'index des guides",
        "site_config.yaml, champ « annee_scolaire » : 1 guide à relire pour 2023-2024 (leurs "
        "« regles » sont d'une année précédente) : content/guides/importer.md (2022-2023) ; une "
        "fois un guide relu, écrivez « regles: 2023-2024 » dans son en-tête",
    ]


def test_without_the_variable_the_calendar_date_is_the_files():
    handbook = validate(content(), Report())
    assert handbook.updated == dt.datetime(2020, 9, 13, 12, 26, 40, tzinfo=dt.timezone.utc)


def test_every_error_of_every_file_is_reported_and_no_model_is_built():
    report = Report()
    guides = {
        **GUIDES,
        "bilan": "---\nresume: sans titre\n---\n",
        "aide": "---\ntitre: Aide\n---\n",
    }
    calendar = CALENDAR.replace("guide: importer", "guide: importre")
    assert validate(content(calendar, guides), report, source_date_epoch="99999999999999") is None
    assert [problem.file for problem in report.errors] == [
        "content/guides/bilan.md",
        "content/calendar.yaml",
        "variable d'environnement SOURCE_DATE_EPOCH",
    ]
    assert "« importre », qui n'existe pas" in messages(report)[1]


def test_the_handbook_is_the_same_from_the_parts():
    report = Report()
    read = content()
    bodies = {file.display: body_of(file) for file in read.guides}
    whole = assemble.validate(config(), read, bodies, None, report)
    calendar = calendar_of(config(), read.calendar, report)
    parsed = [
        (file, parsed_guide(file, bodies[file.display], calendar.roles, report))
        for file in read.guides
    ]
    assert assemble.handbook_of(config(), read, calendar, parsed, None, report) == whole
