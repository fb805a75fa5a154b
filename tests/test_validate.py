"""One test per kind of bad input: the message names file, line and field, and output/ is untouched."""
from __future__ import annotations

import pytest

from conftest import CALENDAR, FIRST_GUIDE, SECOND_GUIDE, build_at, problems_at, snapshot

BROKEN_INPUTS = {
    "yaml_syntax": (
        {"content/calendar.yaml": CALENDAR.replace("    nom: Élèves", "    nom: Élèves: et parents")},
        ["content/calendar.yaml, ligne 5", "YAML est mal formé", "guillemets"]),
    "missing_field": (
        {"content/calendar.yaml": CALENDAR.replace("    fin: 2023-10-20\n", "")},
        ["content/calendar.yaml, ligne 7", "periodes › 1", "« fin » manque", "2023-11-13"]),
    "mistyped_field": (
        {"content/calendar.yaml": CALENDAR.replace("numero: 2", "numero: deux")},
        ["content/calendar.yaml, ligne 16", "periodes › 2 › numero", "nombre entier"]),
    "unknown_role": (
        {"content/calendar.yaml": CALENDAR.replace("      eleves:\n        - Se connecter.", "      eleve:\n        - Se connecter.")},
        ["content/calendar.yaml, ligne 14", "periodes › 1 › taches › eleve", "rôle inconnu « eleve »",
         "vouliez-vous écrire « eleves »", "referent, eleves"]),
    "malformed_date": (
        {"content/calendar.yaml": CALENDAR.replace("fin: 15/12/2023", "fin: 31/11/2023")},
        ["content/calendar.yaml, ligne 18", "periodes › 2 › fin", "« 31/11/2023 » n'existe pas"]),
    "two_digit_year": (
        {"content/calendar.yaml": CALENDAR.replace("debut: 06/11/2023", "debut: 06/11/23")},
        ["ligne 17", "periodes › 2 › debut", "l'année en entier"]),
    "end_before_start": (
        {"content/calendar.yaml": CALENDAR.replace("fin: 2023-10-20", "fin: 2023-09-01")},
        ["ligne 9", "periodes › 1 › fin", "finit (01/09/2023) avant de commencer (04/09/2023)"]),
    "overlap": (
        {"content/calendar.yaml": CALENDAR.replace("debut: 06/11/2023", "debut: 2023-10-15")},
        ["ligne 17", "periodes › 2 › debut", "avant la fin de la période 1", "sans se chevaucher"]),
    "out_of_order": (
        {"content/calendar.yaml": CALENDAR.replace("numero: 2", "numero: 0").replace("numero: 1", "numero: 3")
                                           .replace("numero: 0", "numero: 2")},
        ["ligne 16", "periodes › 2 › numero", "vient après la période 3"]),
    "milestone_outside_year": (
        {"content/calendar.yaml": CALENDAR.replace("date: 2023-10-27", "date: 2024-09-02")},
        ["ligne 27", "jalons › 1 › date", "hors de l'année scolaire 2023-2024"]),
    "milestone_without_id": (
        {"content/calendar.yaml": CALENDAR.replace("  - id: fin-campagnes\n    date: 2023-10-27", "  - date: 2023-10-27")},
        ["content/calendar.yaml, ligne 26", "jalons › 1 › id", "n'a pas d'« id: »", "« id: fin-des-campagnes »",
         "sans accent ni espace"]),
    "missing_guide": (
        {"content/calendar.yaml": CALENDAR.replace("guide: second", "guide: secnod")},
        ["content/calendar.yaml, ligne 23", "periodes › 2 › taches › eleves › guide", "renvoie au guide « secnod », qui n'existe pas",
         "vouliez-vous écrire « second »"]),
    "same_slug": (
        {"content/guides/Premier.md": FIRST_GUIDE},
        ["content/guides/premier.md", "même adresse (guides/premier.html)", "Premier.md"]),
    "guide_without_title": (
        {"content/guides/second.md": "---\nresume: Sans titre\n---\nTexte\n"},
        ["content/guides/second.md", "« titre » manque"]),
    "guide_without_front_matter": (
        {"content/guides/second.md": "Juste du texte\n"},
        ["content/guides/second.md, ligne 1", "en-tête entre deux lignes « --- »"]),
    "unreadable_file": (
        {"content/calendar.yaml": b"roles: \xe9l\xe8ves\n"},
        ["content/calendar.yaml, ligne 1", "UTF-8"]),
    "unknown_key": (
        {"content/calendar.yaml": CALENDAR.replace("    debut: 2023-09-04", "    début: 2023-09-04")},
        ["ligne 8", "periodes › 1 › début", "clé inconnue « début »", "vouliez-vous écrire « debut »",
         "clés possibles : numero", "fin (dernier jour (inclus))"]),
    "duplicate_key": (
        {"content/calendar.yaml": CALENDAR.replace("        - Faire le bilan.\n", "        - Faire le bilan.\n      referent:\n        - Encore.\n")},
        ["ligne 22", "champ « periodes › 2 › taches › referent »", "apparaît deux fois (déjà ligne 20)"]),
    "broken_guide_link": (
        {"content/guides/premier.md": FIRST_GUIDE.replace("second.md#etapes", "second.md#fin")},
        ["content/guides/premier.md, ligne 7", "n'a pas de titre dont l'ancre est #fin"]),
    "javascript_link": (
        {"content/guides/second.md": "---\ntitre: Second\n---\n\n[clic](javascript:alert(1))\n\n## Étapes\n[p](premier.md)\n"},
        ["content/guides/second.md, ligne 5", "javascript:"]),
    "missing_file": (
        {"content/guides/second.md": SECOND_GUIDE.replace("Revenir", "Voir [le PDF](../fichiers/absent.pdf). Revenir")},
        ["content/guides/second.md, ligne 7", "« ../fichiers/absent.pdf » : ce fichier n'existe pas dans content/"]),
    "bad_config": (
        {"site_config.yaml": "titre: Guide\netablissement: X\nannee_scolaire: 2023-2025\nuai: 123\ncouleur: bleu\n"},
        ["site_config.yaml, ligne 3, champ « annee_scolaire »", "site_config.yaml, ligne 4, champ « uai »",
         "option inconnue « couleur »", "options possibles : titre, etablissement"]),
}


@pytest.mark.parametrize("case", list(BROKEN_INPUTS))
def test_bad_input_is_named_and_output_untouched(project, case):
    root = project()
    build_at(root)
    before = snapshot(root / "output")
    broken, expected = BROKEN_INPUTS[case]
    project(broken)
    if case == "bad_config":
        (root / "templates").mkdir(exist_ok=True)
    report = "\n".join(problems_at(root))
    for fragment in expected:
        assert fragment in report, f"{fragment!r} absent de :\n{report}"
    assert snapshot(root / "output") == before


def test_unreadable_file_is_reported(project):
    root = project()
    (root / "content/calendar.yaml").unlink()
    (root / "content/calendar.yaml").mkdir()
    report = "\n".join(problems_at(root))
    assert "content/calendar.yaml : fichier illisible" in report


def test_all_errors_of_a_build_are_reported_together(project):
    root = project({
        "content/calendar.yaml": CALENDAR.replace("fin: 15/12/2023", "fin: 2023-13-01").replace("guide: second", "guide: absent"),
        "content/guides/premier.md": "---\nresume: x\n---\n",
    })
    report = problems_at(root)
    assert len(report) == 3, report
    assert any("periodes › 2 › fin" in line for line in report)
    assert any("absent" in line for line in report)
    assert any("premier.md" in line and "titre" in line for line in report)


def test_strict_turns_warnings_into_errors(project):
    root = project({"content/guides/orphelin.md": "---\ntitre: Orphelin\n---\nTexte.\n"})
    result = build_at(root)
    assert [w.file for w in result.warnings] == ["content/guides/orphelin.md"]
    report = "\n".join(problems_at(root, strict=True))
    assert "orphelin.md" in report and "--strict" in report


def test_unused_role_is_a_warning(project):
    root = project({"content/calendar.yaml": CALENDAR.replace("roles:\n", "roles:\n  - id: parents\n    nom: Parents\n")})
    messages = [str(w) for w in build_at(root).warnings]
    assert any("« parents » n'a aucune tâche" in message for message in messages)


def test_reserved_guide_name_is_refused(project):
    root = project({"content/guides/index.md": "---\ntitre: Index\n---\n"})
    assert any("réservé" in line for line in problems_at(root))
