"""check/config.py: site_config.yaml's options, the output folder's place and SOURCE_DATE_EPOCH,
value in, problems out."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from check_values import config, located, messages, warnings

from handbook.check.config import (
    check_output_placement,
    checked_options,
    is_web_address,
    option_problem,
    source_date_epoch,
    updated,
)
from handbook.problems import Report

SITE = "site_config.yaml"
GOOD = "titre: Guide\netablissement: Collège\nannee_scolaire: 2023-2024\n"


def options(text: str) -> tuple[dict, list[str]]:
    report = Report()
    values = checked_options(located(text, SITE), SITE, report)
    return values, messages(report)


def test_good_options_give_their_values_and_the_defaults():
    values, found = options(GOOD + "zone_vacances: b\n")
    assert found == []
    assert values["annee_scolaire"] == "2023-2024" and values["zone_vacances"] == "b"
    assert values["dossier_contenu"] == "content" and values["conformite_rgaa"] == "non conforme"
    assert values["uai"] is None


def test_every_missing_and_unknown_option_is_named_at_once():
    _, found = options("titer: Guide\n")
    assert found[0].startswith(
        "site_config.yaml, ligne 1, champ « titer » : option inconnue « titer » (vouliez-vous "
        "écrire « titre » ?) ; options possibles : titre, etablissement, uai"
    )
    assert found[1:] == [
        f"site_config.yaml, ligne 1, champ « {name} » : option obligatoire absente ; attendu : "
        f"{expected}"
        for name, expected in [
            ("titre", "le titre du site, par exemple « Guide Pix du collège »"),
            ("etablissement", "le nom de l'établissement"),
            ("annee_scolaire", "l'année scolaire sous la forme 2023-2024"),
        ]
    ]


@pytest.mark.parametrize(
    "line",
    [
        "annee_scolaire: 2031-2020",  # the same rule as a guide's « regles »
        "annee_scolaire: 2023-2025",
        "uai: 075123A",
        "url_publique: ftp://intranet",
        "url_publique: https://[pix/",
        "zone_vacances: D",
        "alsace_moselle: peut-être",
        "langue: en",
        "conformite_rgaa: conforme",
        "nom_referent: Mme [nom]",
        "contact_referent: le {contact référent}",
    ],
)
def test_a_value_that_does_not_fit_says_what_is_expected(line):
    name, value = line.split(": ")
    _, found = options(GOOD.replace("annee_scolaire: 2023-2024\n", "") + line + "\n")
    found = [message for message in found if "annee_scolaire » : option" not in message]
    assert len(found) == 1 and f"champ « {name} » : « {value} » ne convient pas" in found[0]
    assert found[0].endswith(option_problem(name, value))


def test_the_referent_is_optional_and_taken_as_written():
    values, found = options(GOOD)
    assert found == [] and values["nom_referent"] is None and values["contact_referent"] is None
    values, found = options(
        GOOD + "nom_referent: M. Martin (CPE)\ncontact_referent: pix@college.fr \n"
    )
    assert found == []
    assert (values["nom_referent"], values["contact_referent"]) == (
        "M. Martin (CPE)",
        "pix@college.fr",
    )
    _, found = options(GOOD + 'contact_referent: "[moyen de contact]"\n')
    assert found == [
        "site_config.yaml, ligne 4, champ « contact_referent » : « [moyen de contact] » ne "
        "convient pas ; attendu : le moyen de joindre le référent Pix, que les guides citent par "
        "{contact référent} : une adresse électronique, un téléphone ou « messagerie de l'ENT » "
        "(un texte simple, sans crochets ni accolades)"
    ]
    _, found = options(GOOD + "nom_referent: [nom du référent]\n")  # YAML reads a list
    assert found[0].startswith("site_config.yaml, ligne 4, champ « nom_referent » : attendu : ")
    assert found[0].endswith(", pas une liste")


def test_a_list_or_several_lines_are_refused():
    _, found = options(GOOD + "uai: [1, 2]\n")
    assert found == [
        "site_config.yaml, ligne 4, champ « uai » : attendu : le code UAI de l'établissement : "
        "7 chiffres et une lettre, par exemple 0751234A, pas une liste"
    ]
    assert option_problem("titre", "un\ndeux").endswith(", sur une seule ligne")


@pytest.mark.parametrize(
    "address, valid",
    [
        ("https://intranet.fr/pix", True),
        ("http://10.0.0.1:8080/", True),
        ("intranet.fr", False),
        ("https://", False),
        ("https://pix:port/", False),
    ],
)
def test_web_addresses(address, valid):
    assert is_web_address(address) is valid


def test_source_date_epoch_is_taken_as_given_or_reported():
    report = Report()
    assert source_date_epoch(None, report) is None and source_date_epoch(" ", report) is None
    assert source_date_epoch("1700000000", report) == 1700000000
    assert not report.errors and not report.warnings
    assert source_date_epoch("demain", report) is None
    assert warnings(report) == [
        "variable d'environnement SOURCE_DATE_EPOCH : « demain » n'est pas un nombre de secondes "
        "depuis le 1er janvier 1970 : elle est ignorée, et la date des calendriers est celle de la "
        "dernière modification de calendar.yaml"
    ]
    assert source_date_epoch("99999999999999999", report) is None
    assert messages(report)[0].startswith(
        "variable d'environnement SOURCE_DATE_EPOCH : « 99999999999999999 » est trop grand"
    )


def test_the_calendar_date_is_the_variable_else_the_files_date():
    report = Report()
    utc = dt.timezone.utc
    assert updated(1600000000.7, "1700000000", report) == dt.datetime(
        2023, 11, 14, 22, 13, 20, 0, utc
    )
    assert updated(1600000000.7, None, report) == dt.datetime(2020, 9, 13, 12, 26, 40, 0, utc)


@pytest.mark.parametrize(
    "output, said",
    [
        ("/ecole", "est le dossier du projet ou le contient"),
        ("/", "est le dossier du projet ou le contient"),
        ("/ecole/content", "est le dossier de contenu ou le contient"),
        ("/ecole/content/site", "est à l'intérieur de le dossier de contenu (/ecole/content)"),
        ("/ecole/templates/x", "est à l'intérieur de le dossier des gabarits"),
    ],
)
def test_an_output_folder_that_would_erase_or_mix_with_sources_is_refused(output, said):
    report = Report()
    raw = located(GOOD + f"dossier_sortie: {output}\n", SITE)
    check_output_placement(config(output_dir=Path(output)), raw, report, output_given=False)
    assert len(report.errors) >= 1 and said in report.errors[0].message
    assert (report.errors[0].line, report.errors[0].field) == (4, "dossier_sortie")
    given = Report()
    check_output_placement(config(output_dir=Path(output)), raw, given, output_given=True)
    assert given.errors[0].file == "option --output" and given.errors[0].line is None


def test_an_output_folder_beside_the_sources_is_fine():
    report = Report()
    check_output_placement(config(), located(GOOD, SITE), report, output_given=False)
    assert report.errors == []
