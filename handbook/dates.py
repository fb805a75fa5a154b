"""Dates as a French school writes them, the date formats accepted in the YAML files, and the
holidays of a school year (model.SchoolYear holds them)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

DAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)

FRENCH_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})$")
ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
EXPECTED = "une date comme 2023-11-13 ou 13/11/2023"


def parse_date(value: object) -> dt.date:
    """The date written as ISO (YAML gives a date) or as dd/mm/yyyy; ValueError says why not."""
    if isinstance(value, dt.datetime):
        raise ValueError(f"« {value} » contient une heure ; attendu {EXPECTED}")
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    if match := FRENCH_DATE.match(text):
        day, month, year = match.groups()
        if len(year) == 2:
            raise ValueError(
                f"« {text} » : écrivez l'année en entier, par exemple {day}/{month}/20{year}"
            )
    elif match := ISO_DATE.match(text):
        year, month, day = match.groups()
    else:
        raise ValueError(f"« {text} » n'est pas une date ; attendu {EXPECTED}")
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:
        raise ValueError(f"la date « {text} » n'existe pas ; attendu {EXPECTED}") from None


def day_number(day: int) -> str:
    return "1er" if day == 1 else str(day)


def long_date(value: dt.date) -> str:
    """« lundi 13 novembre 2023 »"""
    return f"{DAYS[value.weekday()]} {day_number(value.day)} {MONTHS[value.month - 1]} {value.year}"


def short_date(value: dt.date) -> str:
    """« 13/11/2023 »"""
    return value.strftime("%d/%m/%Y")


def day_month(value: dt.date) -> str:
    """« 13 novembre »"""
    return f"{day_number(value.day)} {MONTHS[value.month - 1]}"


def date_range(start: dt.date, end: dt.date) -> str:
    """« du lundi 14 août au vendredi 15 septembre 2023 », the year once when both dates share it;
    « le jeudi 14 novembre 2024 » for a single day."""
    if start == end:
        return f"le {long_date(start)}"
    if start.year == end.year:
        first = f"{DAYS[start.weekday()]} {day_month(start)}"
    else:
        first = long_date(start)
    return f"du {first} au {long_date(end)}"


BREAK_DAYS = 7  # holidays this long cut the year into school stretches; a pont does not


@dataclass(frozen=True)
class Holiday:
    """School holidays, or a pont, of a school year (model.SchoolYear.holidays)."""

    name: str  # « vacances de la Toussaint », « pont de l'Ascension »
    first: dt.date  # first day without classes
    last: dt.date  # last day without classes (the eve of the reprise)

    def contains(self, day: dt.date) -> bool:
        return self.first <= day <= self.last

    @property
    def is_break(self) -> bool:
        return (self.last - self.first).days + 1 >= BREAK_DAYS

    @property
    def heading(self) -> str:
        """« Vacances de la Toussaint »"""
        return self.name[:1].upper() + self.name[1:]

    @property
    def short_name(self) -> str:
        """« Toussaint », « Hiver », « Pont de l'Ascension »: for the poster's narrow columns."""
        short = re.sub(r"^vacances (de la |de l'|de |d')", "", self.name)
        return short[:1].upper() + short[1:]

    @property
    def with_article(self) -> str:
        """« les vacances de la Toussaint », « le pont de l'Ascension »"""
        return ("les " if self.name.startswith("vacances") else "le ") + self.name

    @property
    def reprise(self) -> dt.date:
        return self.last + dt.timedelta(days=1)

    @property
    def dates(self) -> str:
        """« du samedi 21 octobre au dimanche 5 novembre 2023 »"""
        return date_range(self.first, self.last)
