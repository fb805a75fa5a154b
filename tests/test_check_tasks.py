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


def test_a_task_may_have_an_id_which_is_its_key():
    tasks, found = period(
        "taches:\n"
        "  referent:\n"
        "    - id: importer-siecle\n"
        "      texte: Importer la base.\n"
        "      guide: importer-base\n"
        "    - texte: Faire le bilan.\n"
        "    - Se connecter.\n"
    )
    assert found == []
    imported, bilan, plain = tasks["referent"]
    assert imported == Task(
        "Importer la base.", "referent", 1, ("importer-base",), 3, (), id="importer-siecle"
    )
    assert imported.key == "id-importer-siecle"
    # without an id, a task is what it was: no id, its key from its role, period and wording
    assert bilan.id is None and plain.id is None
    assert bilan.key == Task("Faire le bilan.", "referent", 1, ()).key != "faire-le-bilan"
    assert len(bilan.key) == 12 and bilan.key != plain.key


def test_a_reworded_or_moved_task_keeps_the_key_of_its_id():
    first = period("taches:\n  referent:\n    - id: bilan\n      texte: Faire le bilan.\n")[0]
    report = Report()
    later = tasks_of(
        fields(
            "taches:\n  referent:\n    - id: bilan\n      texte: Faire le bilan d'automne.\n",
            report,
            "periodes › 2",
        ),
        2,
        ROLES,
    )
    assert messages(report) == []
    assert later["referent"][0].key == first["referent"][0].key == "id-bilan"


def test_a_bad_task_id_says_what_an_id_is():
    tasks, found = period(
        "taches:\n"
        "  referent:\n"
        "    - id: Importer SIECLE\n"
        "      texte: Importer la base.\n"
        "    - id: [a, b]\n"
        "      texte: Faire.\n"
        "    - texte: Vérifier.\n"
        "      id:\n"
        "    - id: true\n"
        "      texte: Revoir.\n"
    )
    assert found == [
        "content/calendar.yaml, ligne 3, champ « periodes › 1 › taches › referent › 1 › id » : "
        "« Importer SIECLE » : attendu un identifiant en minuscules sans accent ni espace "
        "(lettres, chiffres et tirets), par exemple « importer-siecle »",
        "content/calendar.yaml, ligne 5, champ « periodes › 1 › taches › referent › 2 › id » : "
        "attendu : un identifiant comme importer-siecle sur une seule ligne, pas une liste",
        "content/calendar.yaml, ligne 8, champ « periodes › 1 › taches › referent › 3 › id » : "
        "« id: » est vide ; attendu : un identifiant comme importer-siecle",
        "content/calendar.yaml, ligne 9, champ « periodes › 1 › taches › referent › 4 › id » : "
        "attendu : un identifiant comme importer-siecle ; mettez le texte entre guillemets",
    ]
    # the tasks are still read (their guides are checked), without an id
    assert [task.id for task in tasks["referent"]] == [None] * 4


def test_an_id_given_twice_names_the_first_place():
    report = Report()
    taken: dict = {}
    first = fields(
        "taches:\n  eleves:\n    - Se connecter.\n    - id: bilan\n      texte: Faire le bilan.\n",
        report,
        "periodes › 1",
    )
    tasks_of(first, 1, ROLES, taken)
    second = fields(
        "taches:\n"
        "  referent:\n"
        "    - texte: Refaire le bilan.\n"
        "      id: bilan\n"
        "  eleves:\n"
        "    - texte: Encore.\n"
        "      id: bilan\n",
        report,
        "periodes › 2",
    )
    tasks = tasks_of(second, 2, ROLES, taken)
    assert messages(report) == [
        "content/calendar.yaml, ligne 4, champ « periodes › 2 › taches › referent › 1 › id » : "
        "l'identifiant « bilan » est déjà celui d'une autre tâche (ligne 4, champ « periodes › 1 › "
        "taches › eleves › 2 › id ») ; donnez à chaque tâche un « id: » différent",
        "content/calendar.yaml, ligne 7, champ « periodes › 2 › taches › eleves › 1 › id » : "
        "l'identifiant « bilan » est déjà celui d'une autre tâche (ligne 4, champ « periodes › 1 › "
        "taches › eleves › 2 › id ») ; donnez à chaque tâche un « id: » différent",
    ]
    assert tasks["referent"][0].id is None and tasks["eleves"][0].id is None


def test_an_id_given_twice_in_one_period_is_found_without_a_shared_record():
    _, found = period(
        "taches:\n"
        "  referent:\n"
        "    - id: bilan\n"
        "      texte: Faire le bilan.\n"
        "  eleves:\n"
        "    - id: bilan\n"
        "      texte: Voir le bilan.\n"
    )
    assert found == [
        "content/calendar.yaml, ligne 6, champ « periodes › 1 › taches › eleves › 1 › id » : "
        "l'identifiant « bilan » est déjà celui d'une autre tâche (ligne 3, champ « periodes › 1 › "
        "taches › referent › 1 › id ») ; donnez à chaque tâche un « id: » différent"
    ]


def test_a_near_miss_of_id_is_an_unknown_key_with_a_suggestion():
    tasks, found = period("taches:\n  referent:\n    - idd: bilan\n      texte: Faire le bilan.\n")
    assert len(found) == 1
    assert found[0].startswith(
        "content/calendar.yaml, ligne 3, champ « periodes › 1 › taches › referent › 1 › idd » : "
        "clé inconnue « idd » (vouliez-vous écrire « id » ?) ; clés possibles : texte ("
    )
    assert "id (identifiant stable de la tâche, facultatif" in found[0]
    assert tasks["referent"][0].id is None


def test_an_id_alone_is_a_task_without_its_sentence():
    _, found = period("taches:\n  referent:\n    - id: bilan\n")
    assert found == [
        "content/calendar.yaml, ligne 3, champ « periodes › 1 › taches › referent › 1 » : "
        "« texte » manque ; attendu : la phrase de la tâche"
    ]
