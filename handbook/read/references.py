"""The references a guide's source quotes: the calendar's ({période 5}, {jalon ID}, {rentrée},
{vacances Toussaint}…) and the school's ({établissement}, {référent}, {contact référent}), and the
calendar-like dates it writes in full, found with their lines while the guide is read;
check/references.py fills them in."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from handbook.dates import MONTHS

REFERENCE = re.compile(r"\{([^{}\n]{1,60})\}")
FORMS = (
    "{période N}",
    "{début période N}",
    "{fin période N}",
    "{jalon identifiant}",
    "{année scolaire}",
    "{rentrée}",
    "{vacances Toussaint}",
    "{début vacances Toussaint}",
    "{veille vacances Toussaint}",
    "{établissement}",
    "{référent}",
    "{contact référent}",
)
# The school's own values (site_config.yaml), by the reference's words without accents.
SCHOOL_WORDS = {
    "etablissement": "etablissement",
    "referent": "referent",
    "contact referent": "contact-referent",
}
_PLAIN_MONTHS = [
    unicodedata.normalize("NFD", month).encode("ascii", "ignore").decode() for month in MONTHS
]
_ANY_MONTH = "|".join(sorted(set(MONTHS) | set(_PLAIN_MONTHS), key=len, reverse=True))
# The lookahead lets the regex engine skip to the next digit instead of trying each position:
# twice as fast.
WRITTEN_DATE = re.compile(
    r"(?=[0-9])\b(?:(1er|[0-9]{1,2})\s+(" + _ANY_MONTH + r")\s+([0-9]{4})"
    r"|([0-9]{1,2})/([0-9]{1,2})/([0-9]{4}))\b",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Reference:
    text: str  # as written, braces included
    line: int
    # periode, debut, fin, jalon, annee, rentree, vacances…, etablissement, referent,
    # contact-referent; "" when not understood
    kind: str
    argument: str = ""

    @property
    def in_calendar_file(self) -> bool:
        """Whether it names a period or a milestone of calendar.yaml."""
        return self.kind in ("periode", "debut", "fin", "jalon")


@dataclass(frozen=True, slots=True)
class WrittenDate:
    day: dt.date
    text: str
    line: int


def plain(text: str) -> str:
    """Lower case, without accents, single spaces: « Début  Période 5 » → « debut periode 5 »."""
    return " ".join(
        unicodedata.normalize("NFD", text).encode("ascii", "ignore").decode().lower().split()
    )


def scan(body: str, first_line: int) -> tuple[tuple[Reference, ...], tuple[WrittenDate, ...]]:
    """The references and the dates written in full in a guide's body, with their lines."""
    references, written = [], []
    for match in REFERENCE.finditer(body):
        words = plain(match.group(1))
        if not re.match(r"^[a-z]", words):
            continue  # not meant as a reference (a code sample, a formula)
        line = first_line + body.count("\n", 0, match.start())
        references.append(Reference(match.group(0), line, *_parsed(words)))
    for match in WRITTEN_DATE.finditer(body):
        day = _written_day(match)
        if day:
            written.append(
                WrittenDate(day, match.group(0), first_line + body.count("\n", 0, match.start()))
            )
    return tuple(references), tuple(written)


def _parsed(words: str) -> tuple[str, str]:
    if match := re.fullmatch(r"(debut |fin )?periode (\d+)", words):
        return (match.group(1) or "periode ").strip(), match.group(2)
    if match := re.fullmatch(r"jalon ([a-z0-9-]+)", words):
        return "jalon", match.group(1)
    if match := re.fullmatch(r"(debut |veille )?vacances (.+)", words):
        return (
            f"{match.group(1).strip()}-vacances" if match.group(1) else "vacances"
        ), match.group(2)
    if words == "annee scolaire":
        return "annee", ""
    if words == "rentree":
        return "rentree", ""
    return SCHOOL_WORDS.get(words, ""), ""


def _written_day(match: re.Match) -> dt.date | None:
    try:
        if match.group(1):
            day = 1 if match.group(1) == "1er" else int(match.group(1))
            month = _PLAIN_MONTHS.index(plain(match.group(2))) + 1
            return dt.date(int(match.group(3)), month, day)
        return dt.date(int(match.group(6)), int(match.group(5)), int(match.group(4)))
    except ValueError:
        return None
