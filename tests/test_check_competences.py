"""check/competences.py: content/competences.yaml, value in, problems out."""

from __future__ import annotations

from check_values import messages, yaml_file

from handbook.check.competences import domains_of
from handbook.model import Competence, Domain
from handbook.problems import Report

FILE = "content/competences.yaml"
COMPETENCES = """\
domaines:
  - numero: 1
    nom: Information et données
    competences:
      - code: "1.1"
        nom: Mener une recherche
        disciplines: [Documentation, Histoire]
"""


def domains(text: str) -> tuple[list[Domain], list[str]]:
    report = Report()
    return domains_of(yaml_file(text, FILE), report), messages(report)


def test_the_domains_and_their_competences():
    assert domains(COMPETENCES) == (
        [
            Domain(
                1,
                "Information et données",
                (Competence("1.1", "Mener une recherche", ("Documentation", "Histoire")),),
            )
        ],
        [],
    )


def test_no_file_no_domain():
    assert domains_of(None, Report()) == []


def test_each_problem_is_named():
    found, problems = domains(
        COMPETENCES.replace("numero: 1", "numero: un").replace("domaines:\n", "domaines:\n  - x\n")
        + "  - numero: 2\n    nom: Communication\n    competences:\n      - nom: Interagir\n"
        + "        disciplines: []\n        niveau: 3\n"
    )
    assert found == [Domain(2, "Communication", ())]
    assert problems == [
        "content/competences.yaml, ligne 2, champ « domaines › 1 » : attendu : un domaine avec "
        "numero, nom, competences",
        "content/competences.yaml, ligne 3, champ « domaines › 2 › numero » : attendu : le numéro "
        "du domaine (1 à 5)",
        "content/competences.yaml, ligne 14, champ « domaines › 3 › competences › 1 › niveau » : "
        'clé inconnue « niveau » ; clés possibles : code (code comme "1.1"), nom (intitulé), '
        "disciplines (liste des disciplines)",
        "content/competences.yaml, ligne 12, champ « domaines › 3 › competences › 1 » : « code » "
        'manque ; attendu : un code comme "1.1"',
    ]


def test_a_file_that_is_not_a_mapping_says_what_it_holds():
    assert domains("- 1\n") == (
        [],
        ["content/competences.yaml : attendu : « domaines: » suivi de la liste des domaines"],
    )
