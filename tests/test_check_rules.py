"""check/rules.py: the rules every check shares, value in, problems out."""

from __future__ import annotations

import datetime as dt

import pytest
from check_values import fields, located, messages

from handbook.check.rules import (
    IDENTIFIER,
    colon_advice,
    items,
    outside_year,
    sentence_cut_by_colon,
    year_label_problem,
    year_label_start,
)
from handbook.model import SchoolYear
from handbook.problems import Report


@pytest.mark.parametrize(
    "label, start",
    [
        ("2023-2024", 2023),
        ("0001-0002", 1),
        ("9998-9999", 9998),
        ("2031-2020", None),  # the second year is not the first + 1
        ("2026-2099", None),
        ("2024-2024", None),
        ("0000-0001", None),  # no year 0
        ("２０２３-２０２４", None),  # full-width digits
        ("2023/2024", None),
        (" 2023-2024", None),
        ("2023-2024-2025", None),
        ("", None),
    ],
)
def test_one_rule_says_which_labels_are_school_years(label, start):
    assert year_label_start(label) == start
    assert (year_label_problem(label) is None) == (start is not None)


def test_a_wrong_year_label_is_explained_in_french():
    assert year_label_problem("2031-2020") == (
        "« 2031-2020 » : attendu une année scolaire comme 2023-2024 (deux années qui se suivent, "
        "en chiffres ordinaires)"
    )


def test_a_day_outside_the_year_names_its_bounds():
    assert outside_year(dt.date(2024, 8, 2), SchoolYear(2023)) == (
        "le 02/08/2024 est hors de l'année scolaire 2023-2024 (du 01/08/2023 au 31/07/2024)"
    )


@pytest.mark.parametrize(
    "text, valid",
    [
        ("referent", True),
        ("vie-scolaire", True),
        ("Référent", False),
        ("a--b", False),
        ("-a", False),
    ],
)
def test_identifiers_are_lower_case_words_joined_by_dashes(text, valid):
    assert bool(IDENTIFIER.match(text)) is valid


def test_an_unknown_key_is_named_with_the_one_meant_and_the_choices():
    report = Report()
    fields("nmo: Référent\n", report, "roles › 1").check_keys({"id": "identifiant", "nom": "nom"})
    assert messages(report) == [
        "content/calendar.yaml, ligne 1, champ « roles › 1 › nmo » : clé inconnue « nmo » "
        "(vouliez-vous écrire « nom » ?) ; clés possibles : id (identifiant), nom (nom)"
    ]


def test_a_text_field_refuses_lists_booleans_and_several_lines():
    report = Report()
    read = fields("a: [x]\nb: true\nc: |\n  un\n  deux\nd: ' '\n", report)
    assert [read.text(key, one_line=True) for key in "abcd"] == [None, None, None, None]
    assert messages(report) == [
        "content/calendar.yaml, ligne 1, champ « a » : attendu : un texte sur une seule ligne, "
        "pas une liste",
        "content/calendar.yaml, ligne 2, champ « b » : attendu : un texte ; mettez le texte "
        "entre guillemets",
        "content/calendar.yaml, ligne 3, champ « c » : attendu : un texte sur une seule ligne "
        "(sans retour à la ligne ni « | »)",
        "content/calendar.yaml, ligne 1 : « d » manque ; attendu : un texte",
    ]


def test_dates_flags_and_lists_are_read_or_reported():
    report = Report()
    read = fields("debut: 31/02/2024\nfin: 2024-03-01\nvoulu: peut-être\nliste: texte\n", report)
    assert read.date("debut") is None and read.date("fin") == dt.date(2024, 3, 1)
    assert read.date("absente") is None
    assert read.flag("voulu") is False and read.flag("absent") is False
    assert read.sequence("liste") == [] and read.sequence("absente", required=False) == []
    found = messages(report)
    assert len(found) == 4
    assert found[0].startswith("content/calendar.yaml, ligne 1, champ « debut »")
    assert found[1] == (
        "content/calendar.yaml, ligne 1 : « absente » manque ; attendu : une date comme "
        "2023-11-13 ou 13/11/2023"
    )
    assert found[2] == (
        "content/calendar.yaml, ligne 3, champ « voulu » : « peut-être » : écrivez true (pour oui) "
        "ou false (pour non)"
    )
    assert "champ « liste » : attendu : une liste" in found[3]


def test_sentences_cut_by_a_colon_are_told_to_be_quoted():
    report = Report()
    read = fields("remarques:\n  - Semaine courte.\n  - Attention: semaine courte.\n", report)
    assert read.texts("remarques") == ["Semaine courte."]
    assert messages(report) == [
        "content/calendar.yaml, ligne 3, champ « remarques » : "
        + colon_advice("Attention : semaine courte.")
    ]
    assert sentence_cut_by_colon(located("Attention: semaine courte.\n")) == (
        "Attention : semaine courte."
    )
    assert sentence_cut_by_colon(located("a: 1\nb: 2\n")) is None


def test_items_of_a_list_of_mappings_report_the_others():
    report = Report()
    sequence = located("- id: a\n- juste un texte\n")
    found = [
        (position, each.path)
        for position, each in items(sequence, "content/calendar.yaml", "roles", report, "un rôle")
    ]
    assert found == [(1, "roles › 1")]
    assert messages(report) == [
        "content/calendar.yaml, ligne 2, champ « roles › 2 » : attendu : un rôle"
    ]
