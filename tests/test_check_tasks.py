"""check/tasks.py: the tasks of a period, each role's, with the guides and milestones they are tied
to, value in, problems out."""

from __future__ import annotations

from check_values import fields, messages

from handbook.check.tasks import tasks_of
from handbook.model import Role, Task
from handbook.problems import Report

ROLES = [Role("referent", "Référent Pix", ""), Role("eleves", "Élèves", "")]


def period(text: str) -> tuple[dict[str, tuple[Task, ...]], list[str]]:
    report = Report()
    found = tasks_of(fields(text, report, "periodes › 1"), 1, ROLES)
    return found, messages(report)


def test_sentences_and_tasks_with_guides_and_milestones():
    tasks, found = period(
        "taches:\n"
        "  eleves:\n"
        "    - Se connecter.\n"
        "  referent:\n"
        "    - texte: Importer la base.\n"
        "      guide: [Importer-Base.md, bilan]\n"
        "      jalon: [debut-certification, fin-certification]\n"
    )
    assert found == []
    assert list(tasks) == ["referent", "eleves"]  # in the roles' order
    (imported,) = tasks["referent"]
    assert imported == Task(
        "Importer la base.",
        "referent",
        1,
        ("importer-base", "bilan"),
        5,
        ("debut-certification", "fin-certification"),
    )
    assert tasks["eleves"][0].text == "Se connecter." and tasks["eleves"][0].line == 3


def test_an_unknown_role_is_named_with_the_declared_ones():
    _, found = period("taches:\n  referant:\n    - Faire.\n")
    assert found == [
        "content/calendar.yaml, ligne 2, champ « periodes › 1 › taches › referant » : rôle inconnu "
        "« referant » (vouliez-vous écrire « referent » ?) ; rôles déclarés dans « roles » : "
        "referent, eleves"
    ]


def test_a_sentence_cut_by_a_colon_is_one_error():
    tasks, found = period("taches:\n  eleves:\n    - Absences: prévenir.\n")
    assert tasks == {"eleves": ()}
    assert found == [
        "content/calendar.yaml, ligne 3, champ « periodes › 1 › taches › eleves › 1 » : cette "
        "phrase contient « : » suivi d'un espace, que YAML prend pour un champ : mettez la phrase "
        'entre guillemets, par exemple - "Absences : prévenir."'
    ]


def test_bad_tasks_guides_and_milestones_are_each_reported():
    _, found = period(
        "taches:\n"
        "  eleves: Se connecter.\n"
        "  referent:\n"
        "    - [une, liste]\n"
        "    - texte: Faire.\n"
        "      guide: 3\n"
        "      jalon: [a, b, c]\n"
        "      lien: x\n"
    )
    assert [message.split(" : ", 1)[0] for message in found] == [
        "content/calendar.yaml, ligne 4, champ « periodes › 1 › taches › referent › 1 »",
        "content/calendar.yaml, ligne 8, champ « periodes › 1 › taches › referent › 2 › lien »",
        "content/calendar.yaml, ligne 6, champ « periodes › 1 › taches › referent › 2 › guide »",
        "content/calendar.yaml, ligne 7, champ « periodes › 1 › taches › referent › 2 › jalon »",
        "content/calendar.yaml, ligne 2, champ « periodes › 1 › taches › eleves »",
    ]
    assert "importer-base-siecle" in found[2] and "la liste des tâches" in found[4]
    assert "[debut-certification, fin-certification]" in found[3]


def test_no_tasks_is_no_tasks():
    assert period("numero: 1\n") == ({}, [])
    assert period("taches:\n  eleves:\n") == ({"eleves": ()}, [])
