"""The small rules every check shares: identifiers, year labels, dates, and Fields, which reads a
YAML mapping field by field and reports each problem with its file, line and field."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from handbook.dates import EXPECTED as EXPECTED_DATE
from handbook.dates import parse_date
from handbook.model import SchoolYear
from handbook.problems import Report, did_you_mean
from handbook.read.located import LocatedDict, LocatedList

IDENTIFIER = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")  # roles' and milestones' ids
YEAR_LABEL_EXPECTED = (
    "une année scolaire comme 2023-2024 (deux années qui se suivent, en chiffres ordinaires)"
)


def year_label_start(label: str) -> int | None:
    """The first year of a school year written as 2023-2024, or None (the rule: SchoolYear.of)."""
    year = SchoolYear.of(label)
    return None if year is None else year.start_year


def year_label_problem(label: str) -> str | None:
    """Why the label is not a school year, in French; None when it is one."""
    if year_label_start(label) is not None:
        return None
    return f"« {label} » : attendu {YEAR_LABEL_EXPECTED}"


def outside_year(day: dt.date, year) -> str:
    """The message for a day outside the school year (1 August to 31 July) it must belong to."""
    return (
        f"le {day:%d/%m/%Y} est hors de l'année scolaire {year.label} "
        f"(du {year.first_day:%d/%m/%Y} au {year.last_day:%d/%m/%Y})"
    )


@dataclass
class Fields:
    """Reads the fields of one YAML mapping and reports what is wrong with them."""

    mapping: LocatedDict
    file: str
    path: str  # e.g. « periodes › 3 »
    report: Report

    def name(self, key: str) -> str:
        return f"{self.path} › {key}" if self.path else key

    def line(self, key: str) -> int:
        return self.mapping.line_of(key)

    def source(self, key: str | None) -> str:
        """The file that wrote the key (or the mapping): a layer's, once layers are merged."""
        written = self.mapping.file_of(key) if key else getattr(self.mapping, "file", None)
        return written or self.file

    def error(self, key: str | None, message: str) -> None:
        line = self.line(key) if key else self.mapping.line
        field = self.name(key) if key else self.path or None
        self.report.error(self.source(key), line, field, message)

    def check_keys(self, allowed: dict[str, str]) -> None:
        for key in self.mapping:
            if key not in allowed:
                message = f"clé inconnue « {key} »{did_you_mean(key, allowed)}"
                choices = ", ".join(f"{name} ({meaning})" for name, meaning in allowed.items())
                self.report.error(
                    self.source(key),
                    self.line(key),
                    self.name(str(key)),
                    f"{message} ; clés possibles : {choices}",
                )

    def text(
        self, key: str, required: bool = True, expected: str = "un texte", one_line: bool = False
    ) -> str | None:
        """The field's text; one_line for names and titles, which calendars and headings show on
        one line."""
        value = self.mapping.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.error(None, f"« {key} » manque ; attendu : {expected}")
            return None
        if isinstance(value, (dict, list)):
            self.error(key, f"attendu : {expected} sur une seule ligne, pas une liste")
            return None
        if isinstance(value, bool):
            self.error(key, f"attendu : {expected} ; mettez le texte entre guillemets")
            return None
        if one_line and "\n" in str(value).strip():
            self.error(
                key, f"attendu : {expected} sur une seule ligne (sans retour à la ligne ni « | »)"
            )
            return None
        return str(value).strip()

    def date(self, key: str) -> dt.date | None:
        value = self.mapping.get(key)
        if value is None:
            self.error(None, f"« {key} » manque ; attendu : {EXPECTED_DATE}")
            return None
        try:
            return parse_date(value)
        except ValueError as problem:
            self.error(key, str(problem))
            return None

    def sequence(self, key: str, required: bool = True) -> LocatedList:
        value = self.mapping.get(key)
        if value is None:
            if required:
                self.error(
                    None, f"« {key} » manque ; attendu : une liste (lignes commençant par « - »)"
                )
            return LocatedList(self.mapping.line)
        if not isinstance(value, LocatedList):
            self.error(
                key, "attendu : une liste, chaque élément sur une ligne commençant par « - »"
            )
            return LocatedList(self.mapping.line)
        return value

    def flag(self, key: str) -> bool:
        """A true/false field, false when absent."""
        value = self.mapping.get(key, False)
        if not isinstance(value, bool):
            self.error(key, f"« {value} » : écrivez true (pour oui) ou false (pour non)")
            return False
        return value

    def texts(self, key: str) -> list[str]:
        """A list of sentences, each item checked."""
        texts = []
        sequence = self.sequence(key, required=False)
        for value, line in zip(sequence, sequence.item_lines):
            if isinstance(value, (str, int, float)) and str(value).strip():
                texts.append(str(value).strip())
            elif sentence := sentence_cut_by_colon(value):
                self.report.error(self.source(key), line, self.name(key), colon_advice(sentence))
            else:
                self.report.error(self.source(key), line, self.name(key), "attendu : une phrase")
        return texts


def sentence_cut_by_colon(value: object) -> str | None:
    """The sentence a writer meant when YAML read « - Absences: prévenir » as a field « Absences »
    (an unquoted « : » followed by a space); None when the value is not such a one-field mapping."""
    if isinstance(value, LocatedDict) and len(value) == 1:
        ((key, rest),) = value.items()
        if (
            isinstance(key, str)
            and isinstance(rest, (str, int, float))
            and not isinstance(rest, bool)
        ):
            return f"{key} : {rest}"
    return None


def colon_advice(sentence: str) -> str:
    return (
        "cette phrase contient « : » suivi d'un espace, que YAML prend pour un champ : mettez la "
        f'phrase entre guillemets, par exemple - "{sentence}"'
    )


def items(sequence: LocatedList, file: str, path: str, report: Report, what: str):
    """(position from 1, Fields) for each item of a list of mappings; other items are reported."""
    for position, (value, line) in enumerate(zip(sequence, sequence.item_lines), start=1):
        if isinstance(value, LocatedDict):
            yield position, Fields(value, file, f"{path} › {position}", report)
        else:
            report.error(file, line, f"{path} › {position}", f"attendu : {what}")
