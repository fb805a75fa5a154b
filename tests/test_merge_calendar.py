"""A school's calendar over its base's (handbook/merge/calendar.py), values in, values, changes and
problems out: each merged value names the file and line that wrote it."""

from __future__ import annotations

from pathlib import Path

from handbook.merge.calendar import merged_calendar
from handbook.problems import Report
from handbook.read.files import SourceFile
from handbook.read.located import parse_yaml

BASE = """\
roles:
  - id: referent
    nom: Référent Pix
periodes:
  - numero: 1
    debut: 02/09/2024
    fin: 18/10/2024
    remarques: [Une remarque de la base.]
    taches:
      referent:
        - id: a
          texte: Tâche A.
        - id: b
          texte: Tâche B.
          verrouille: true
        - Une tâche sans id.
  - numero: 2
    debut: 04/11/2024
    fin: 20/12/2024
    verrouille: true
jalons:
  - id: j
    date: 25/10/2024
    titre: Un jalon
"""


def located(text: str, name: str):
    report = Report()
    value = parse_yaml(SourceFile(Path(name), name, text), report)
    assert not report.errors
    return value


def merge(school: str):
    report, noted = Report(), []
    merged = merged_calendar(
        located(BASE, "base.yaml"), located(school, "ecole.yaml"), report, noted
    )
    return merged, [str(problem) for problem in report.errors], noted


def tasks(merged, position: int = 0) -> list:
    return list(merged["periodes"][position]["taches"]["referent"])


def test_nothing_written_gives_the_base():
    merged, problems, noted = merge("jalons: []\n")
    assert [item["id"] for item in merged["jalons"]] == ["j"] and not problems and not noted
    assert tasks(merged)[2] == "Une tâche sans id."


def test_a_changed_field_names_the_schools_line_and_the_others_the_bases():
    merged, problems, noted = merge(
        "periodes:\n  - numero: 1\n    taches:\n      referent:\n        - id: a\n"
        "          texte: Autre A.\n"
    )
    task = tasks(merged)[0]
    assert task["texte"] == "Autre A." and not problems
    assert (task.file_of("texte"), task.line_of("texte")) == ("ecole.yaml", 6)
    assert (task.file, task.line) == ("base.yaml", 11)  # the task itself is the base's
    assert [(d.action, d.kind, d.name, d.file, d.line) for d in noted] == [
        ("modifié", "tâche", "a", "ecole.yaml", 5)
    ]
    assert noted[0].base_digest  # the base's item, to tell later whether it changed


def test_a_task_is_completed_without_copying_its_sentence():
    merged, problems, noted = merge(
        "periodes:\n  - numero: 1\n    taches:\n      referent:\n        - id: b\n"
        "          complement: Le lundi.\n"
    )
    assert tasks(merged)[1]["texte"] == "Tâche B. Le lundi." and not problems
    assert [d.action for d in noted] == ["complété"]


def test_a_task_moves_to_the_period_that_names_it_and_keeps_its_place_otherwise():
    merged, problems, noted = merge(
        "periodes:\n  - numero: 2\n    taches:\n      referent:\n        - id: a\n"
        "        - Une tâche à nous.\n"
    )
    assert [t["texte"] if isinstance(t, dict) else t for t in tasks(merged, 0)] == [
        "Tâche B.",
        "Une tâche sans id.",
    ]
    assert [t["texte"] if isinstance(t, dict) else t for t in tasks(merged, 1)] == [
        "Tâche A.",
        "Une tâche à nous.",
    ]
    moved_in = merged["periodes"][1]["taches"]["referent"]
    assert (moved_in.file_at(1), moved_in.item_lines[1]) == ("ecole.yaml", 6)
    assert [d.action for d in noted] == ["déplacé"] and not problems


def test_removed_items_are_gone_and_noted():
    merged, problems, noted = merge(
        "periodes:\n  - numero: 1\n    taches:\n      referent:\n        - id: a\n"
        "          retirer: true\n"
        "jalons:\n  - id: j\n    retirer: true\n"
    )
    assert [t["id"] for t in tasks(merged) if isinstance(t, dict)] == ["b"]
    assert list(merged["jalons"]) == [] and not problems
    assert [(d.action, d.kind) for d in noted] == [("retiré", "tâche"), ("retiré", "jalon")]


def test_locks_refuse_a_change_a_removal_a_move_and_new_dates():
    _, problems, _ = merge(
        "periodes:\n  - numero: 1\n    taches:\n      referent:\n        - id: b\n"
        "          texte: Autre.\n"
        "  - numero: 2\n    fin: 19/12/2024\n    taches:\n      referent:\n        - id: b\n"
    )
    assert problems == [
        "ecole.yaml, ligne 6, champ « taches › b › texte » : verrouillé par la base (base.yaml, "
        "ligne 13) : « texte » ne se change pas ; seul « complement: » peut y ajouter une phrase",
        "ecole.yaml, ligne 11, champ « taches › b » : tâche verrouillée par la base (base.yaml, "
        "ligne 13) : elle ne change pas de période",
        "ecole.yaml, ligne 8, champ « periodes › 2 › fin » : période verrouillée par la base "
        "(base.yaml, ligne 17) : ses dates ne se changent pas",
    ]


def test_the_schools_remarks_follow_the_bases():
    merged, _, _ = merge("periodes:\n  - numero: 1\n    remarques: [Une remarque à nous.]\n")
    notes = merged["periodes"][0]["remarques"]
    assert list(notes) == ["Une remarque de la base.", "Une remarque à nous."]
    assert [notes.file_at(0), notes.file_at(1)] == ["base.yaml", "ecole.yaml"]


def test_an_unknown_period_or_milestone_is_an_error_with_what_exists():
    _, problems, _ = merge(
        "periodes:\n  - numero: 3\n    titre: Trois\njalons:\n  - id: jj\n    retirer: true\n"
    )
    assert problems == [
        "ecole.yaml, ligne 2, champ « periodes » : aucune période 3 dans la base (périodes 1, 2) "
        "; une période à vous a besoin de « debut » et de « fin »",
        "ecole.yaml, ligne 5, champ « jalons › jj » : aucun jalon de la base n'a l'id « jj » "
        "(vouliez-vous écrire « j » ?) ; pour ajouter un élément à vous, donnez-lui tous ses "
        "champs et un id nouveau",
    ]


def test_the_base_is_never_changed_by_a_merge():
    base = located(BASE, "base.yaml")
    before = repr(base)
    merged_calendar(
        base,
        located(
            "periodes:\n  - numero: 1\n    debut: 03/09/2024\n    taches:\n      referent:\n"
            "        - id: a\n          texte: X.\n",
            "ecole.yaml",
        ),
        Report(),
    )
    assert repr(base) == before


def test_a_task_like_a_base_task_without_id_is_added_with_a_warning_suggesting_an_id():
    report = Report()
    merged = merged_calendar(
        located(BASE, "base.yaml"),
        located(
            "periodes:\n  - numero: 1\n    taches:\n      referent:\n"
            "        - Une tâche sans id !\n",
            "ecole.yaml",
        ),
        report,
    )
    assert tasks(merged)[-2:] == ["Une tâche sans id.", "Une tâche sans id !"]
    assert [str(problem) for problem in report.warnings] == [
        "ecole.yaml, ligne 5, champ « taches » : cette tâche ressemble à « Une tâche sans id. » "
        "de la base (base.yaml, ligne 16), qui n'a pas d'« id » : elle s'ajoute à celle de la "
        "base, sans la changer ; pour la changer, la base doit lui donner un id (par exemple "
        "« id: une-tache-sans-id »), que vous reprenez ici"
    ]


def test_a_locked_date_written_another_way_is_the_same_date():
    _, problems, _ = merge(
        "periodes:\n  - numero: 2\n    debut: 2024-11-04\n    fin: 20/12/2024\n"
        "jalons:\n  - id: j\n    titre: Le même jalon\n"
    )
    assert problems == []
    _, problems, _ = merge("periodes:\n  - numero: 2\n    debut: 2024-11-05\n")
    assert [problem.split(" : ")[0] for problem in problems] == [
        "ecole.yaml, ligne 3, champ « periodes › 2 › debut »"
    ]
