"""A role a school removes leaves with what the base gave it alone (handbook/merge/roles.py)."""

from __future__ import annotations

from pathlib import Path

from handbook.merge.roles import guides_without_roles, removed_roles, without_roles
from handbook.problems import Report
from handbook.read.files import SourceFile
from handbook.read.load import GuideFile
from handbook.read.located import parse_yaml

BASE = """\
roles:
  - id: referent
    nom: Référent
  - id: eleves
    nom: Élèves
periodes:
  - numero: 1
    taches:
      referent: [Une tâche.]
      eleves: [Une tâche des élèves.]
jalons:
  - id: pour-tous
    titre: Pour tous
  - id: pour-les-eleves
    titre: Pour les élèves
    roles: eleves
  - id: pour-deux
    titre: Pour deux rôles
    roles: [referent, eleves]
"""


def located(text: str):
    report = Report()
    value = parse_yaml(SourceFile(Path("base.yaml"), "base.yaml", text), report)
    assert not report.errors
    return value


def test_the_removed_roles_are_the_bases_roles_no_longer_there():
    base = located(BASE)
    merged = located("roles:\n  - id: referent\n    nom: Référent\n")
    assert removed_roles(base, merged) == {"eleves"}
    assert removed_roles(base, base) == frozenset()


def test_tasks_and_milestones_only_for_a_removed_role_leave_the_others_lose_its_name():
    base = located(BASE)
    kept = without_roles(base, frozenset({"eleves"}))
    assert dict(kept["periodes"][0]["taches"]) == {"referent": ["Une tâche."]}
    assert [item["id"] for item in kept["jalons"]] == ["pour-tous", "pour-deux"]
    roles = kept["jalons"][1]["roles"]
    assert list(roles) == ["referent"] and roles.item_lines == [19]  # its line in the base
    assert "eleves" in base["periodes"][0]["taches"]  # the base itself is never changed
    assert without_roles(base, frozenset()) is base


def test_a_guide_loses_the_removed_role_in_its_roles_and_its_digest_changes():
    front = located("titre: Un guide\nroles: [referent, eleves]\n")
    guide = GuideFile("guide.md", "guide", "guide.md", "abc", front, "Texte.", 4)
    (changed,) = guides_without_roles((guide,), frozenset({"eleves"}))
    assert list(changed.front["roles"]) == ["referent"] and changed.digest != guide.digest
    assert guides_without_roles((guide,), frozenset({"referent-adjoint"})) == (guide,)
