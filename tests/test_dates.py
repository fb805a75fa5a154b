import datetime as dt

import pytest

from handbook.dates import date_range, long_date, parse_date, short_date


def test_long_date_in_french():
    assert long_date(dt.date(2023, 11, 13)) == "lundi 13 novembre 2023"
    assert long_date(dt.date(2023, 11, 1)) == "mercredi 1er novembre 2023"
    assert long_date(dt.date(2024, 8, 15)) == "jeudi 15 août 2024"


def test_short_date():
    assert short_date(dt.date(2024, 3, 4)) == "04/03/2024"


def test_date_range_writes_the_year_once_when_shared():
    assert (
        date_range(dt.date(2023, 8, 14), dt.date(2023, 9, 15))
        == "du lundi 14 août au vendredi 15 septembre 2023"
    )
    assert (
        date_range(dt.date(2023, 12, 18), dt.date(2024, 1, 5))
        == "du lundi 18 décembre 2023 au vendredi 5 janvier 2024"
    )


def test_a_one_day_range_is_a_single_date():
    assert date_range(dt.date(2024, 11, 14), dt.date(2024, 11, 14)) == "le jeudi 14 novembre 2024"


@pytest.mark.parametrize("text", ["13/11/2023", "2023-11-13", " 13/11/2023 ", "2023-11-13"])
def test_accepted_date_formats(text):
    assert parse_date(text) == dt.date(2023, 11, 13)


def test_yaml_dates_pass_through():
    assert parse_date(dt.date(2023, 11, 13)) == dt.date(2023, 11, 13)


@pytest.mark.parametrize(
    "text, message",
    [
        ("13/11/23", "l'année en entier"),
        ("31/02/2024", "n'existe pas"),
        ("13 novembre", "n'est pas une date"),
        ("11-13-2023", "n'est pas une date"),
    ],
)
def test_refused_dates_say_why(text, message):
    with pytest.raises(ValueError, match=message):
        parse_date(text)


def test_datetime_is_refused():
    with pytest.raises(ValueError, match="contient une heure"):
        parse_date(dt.datetime(2023, 11, 13, 8, 0))
