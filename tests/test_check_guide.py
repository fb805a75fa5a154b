"""check/guide.py: a guide's name, front matter and forbidden links, value in, problems out."""

from __future__ import annotations

import pytest
from check_values import body_of, guide_file, messages

from handbook.check.guide import parsed_guide
from handbook.model import Role
from handbook.problems import Report

ROLES = [Role("referent", "Référent Pix", ""), Role("eleves", "Élèves", "")]
GUIDE = """\
---
titre: Importer la base {année scolaire}
resume: Pour commencer.
roles: [referent]
regles: 2023-2024
---

Avant le {début période 1}, voir [le bilan](bilan.md#etapes).

## Étapes
"""


def parsed(text: str, name: str = "importer"):
    report = Report()
    file = guide_file(name, text)
    return parsed_guide(file, body_of(file), ROLES, report), messages(report)


def test_a_good_guide_gives_its_fields_links_and_references():
    guide, found = parsed(GUIDE)
    assert found == []
    assert (
        guide.guide.slug == "importer" and guide.guide.title == "Importer la base {année scolaire}"
    )
    assert guide.guide.roles == ("referent",) and guide.guide.rules_year == "2023-2024"
    assert guide.guide.format == "guide" and guide.guide.linked_slugs == frozenset({"bilan"})
    assert [(link.href, link.line) for link in guide.links] == [("bilan.md#etapes", 8)]
    assert [(ref.text, ref.line) for ref in guide.references] == [
        ("{année scolaire}", 2),
        ("{début période 1}", 8),
    ]


@pytest.mark.parametrize("rules", ["2031-2020", "2026-2099", "２０２３-２０２４"])
def test_rules_of_a_year_that_is_no_school_year_are_refused(rules):
    guide, found = parsed(GUIDE.replace("regles: 2023-2024", f"regles: {rules}"))
    assert found == [
        f"content/guides/importer.md, ligne 5, champ « regles » : « {rules} » : attendu une année "
        "scolaire comme 2023-2024 (deux années qui se suivent, en chiffres ordinaires)"
    ]
    assert guide.guide.rules_year is None  # the guide is still read, its other errors found


def test_unknown_keys_roles_and_formats_are_each_named():
    guide, found = parsed(
        GUIDE.replace("roles: [referent]", "roles: [referant]\nformat: diapo\nauteur: moi")
    )
    assert [message.split(" : ", 1)[0] for message in found] == [
        "content/guides/importer.md, ligne 6, champ « auteur »",
        "content/guides/importer.md, ligne 4, champ « roles »",
        "content/guides/importer.md, ligne 5, champ « format »",
    ]
    assert "(vouliez-vous écrire « referent » ?)" in found[1]
    assert "« diapo » inconnu ; formats possibles : guide (" in found[2]


def test_a_guide_without_title_is_not_read():
    guide, found = parsed(GUIDE.replace("titre: Importer la base {année scolaire}\n", ""))
    assert guide is None
    assert found == [
        "content/guides/importer.md, ligne 2 : « titre » manque ; attendu : le titre du guide"
    ]


def test_links_that_run_code_are_refused_with_their_line():
    guide, found = parsed(GUIDE + "\n[ici](javascript:alert(1)) et [là]( DATA:text/html,x)\n")
    assert found == 2 * [
        "content/guides/importer.md, ligne 12 : lien refusé : un lien javascript:, vbscript: ou "
        "data: pourrait exécuter du code chez le lecteur"
    ]


def test_a_name_without_letters_nor_digits_is_refused():
    guide, found = parsed(GUIDE, name="---")
    assert guide is None
    assert found == [
        "content/guides/---.md : le nom du fichier doit contenir des lettres ou des chiffres"
    ]


def test_a_guide_whose_file_could_not_be_read_adds_only_its_reading_problem():
    report = Report()
    file = guide_file("importer", "---\ntitre: [\n---\n")
    assert file.front is None and file.problems
    assert parsed_guide(file, None, ROLES, report) is None
    assert report.errors == list(file.problems)
