"""The school year as one type (model.SchoolYear): its label's one rule, its bounds, its
calendar."""

from __future__ import annotations

import datetime as dt

import pytest

from handbook.dates import Holiday
from handbook.model import SchoolYear


@pytest.mark.parametrize("label", ["2023-2024", "0001-0002", "0999-1000", "9998-9999"])
def test_a_label_names_its_year(label):
    year = SchoolYear.of(label)
    assert year is not None and year.label == label and year.start_year == int(label[:4])


@pytest.mark.parametrize(
    "label",
    [
        "2031-2020",  # backwards
        "2023-2025",  # not two years that follow
        "2023-2023",
        "٢٠٢٣-٢٠٢٤",  # Arabic-Indic digits: \d would take them
        "２０２３-２０２４",  # full-width digits
        " 2023-2024",
        "2023-2024 ",
        "2023/2024",
        "23-24",
        "0000-0001",  # no year 0
        "9999-10000",
        "",
    ],
)
def test_any_other_label_is_refused(label):
    assert SchoolYear.of(label) is None


def test_the_year_runs_from_1_august_to_31_july():
    year = SchoolYear(2023)
    assert (year.first_day, year.last_day) == (dt.date(2023, 8, 1), dt.date(2024, 7, 31))
    assert dt.date(2023, 8, 1) in year and dt.date(2024, 7, 31) in year
    assert dt.date(2023, 7, 31) not in year and dt.date(2024, 8, 1) not in year
    assert year.latest_rentree == dt.date(2023, 9, 30)


def test_the_year_of_a_day():
    assert SchoolYear.containing(dt.date(2024, 7, 31)) == SchoolYear(2023)
    assert SchoolYear.containing(dt.date(2024, 8, 1)) == SchoolYear(2024)
    assert SchoolYear.containing(dt.date(2025, 1, 1)).label == "2024-2025"


def test_the_years_around():
    assert SchoolYear(2023).previous.label == "2022-2023"
    assert SchoolYear(2023).following.label == "2024-2025"


def test_with_its_calendar_the_same_type_knows_the_school_days():
    toussaint = Holiday("vacances de la Toussaint", dt.date(2023, 10, 21), dt.date(2023, 11, 5))
    year = SchoolYear(
        2023,
        zone="C",
        rentree=dt.date(2023, 9, 4),
        holidays=(toussaint,),
        public_holidays=((dt.date(2023, 11, 11), "Armistice"),),
    )
    assert year.label == "2023-2024" and year.first_day == dt.date(2023, 8, 1)
    assert year.off_reason(dt.date(2023, 9, 1)).startswith("avant la rentrée")
    assert year.off_reason(dt.date(2023, 10, 25)) == "pendant les vacances de la Toussaint"
    assert year.off_reason(dt.date(2023, 11, 11)) == "un jour férié (Armistice)"
    assert year.is_school_day(dt.date(2023, 11, 6))
    assert year.holiday_named("vacances de la Toussaint") is toussaint
    assert year.breaks() == [toussaint]
