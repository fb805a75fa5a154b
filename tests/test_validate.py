"""One test per kind of bad input, through the real command line: the message names file, line and
field, the build exits 1 without a traceback, and output/ is untouched."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import (
    CALENDAR,
    CONFIG,
    FIRST_GUIDE,
    ROOT,
    SECOND_GUIDE,
    build_at,
    problems_at,
    snapshot,
)

BROKEN_INPUTS = {
    "yaml_syntax": (
        {
            "content/calendar.yaml": CALENDAR.replace(
                "    nom: Élèves", "    nom: Élèves: et parents"
            )
        },
        ["content/calendar.yaml, ligne 5", "YAML est mal formé", "guillemets"],
    ),
    "yaml_tab": (
        {"content/calendar.yaml": CALENDAR.replace("    nom: Élèves", "\tnom: Élèves")},
        ["content/calendar.yaml, ligne 5", "tabulation", "remplacez-la par des espaces"],
    ),
    "colon_in_task": (
        {
            "content/calendar.yaml": CALENDAR.replace(
                "        - Se connecter.", "        - Absences: prévenir la vie scolaire."
            )
        },
        [
            "content/calendar.yaml, ligne 15",
            "periodes › 1 › taches › eleves › 1",
            "mettez la phrase entre guillemets",
            '"Absences : prévenir la vie scolaire."',
        ],
    ),
    "colon_in_remark": (
        {
            "content/calendar.yaml": CALENDAR.replace(
                "    taches:\n      referent:\n        - Faire",
                "    remarques:\n      - Attention: semaine courte.\n    taches:\n      referent:\n"
                "        - Faire",
            )
        },
        [
            "content/calendar.yaml, ligne 20",
            "periodes › 2 › remarques",
            "mettez la phrase entre guillemets",
        ],
    ),
    "missing_field": (
        {"content/calendar.yaml": CALENDAR.replace("    fin: 2023-10-20\n", "")},
        ["content/calendar.yaml, ligne 7", "periodes › 1", "« fin » manque", "2023-11-13"],
    ),
    "mistyped_field": (
        {"content/calendar.yaml": CALENDAR.replace("numero: 2", "numero: deux")},
        ["content/calendar.yaml, ligne 16", "periodes › 2 › numero", "nombre entier"],
    ),
    "unknown_role": (
        {
            "content/calendar.yaml": CALENDAR.replace(
                "      eleves:\n        - Se connecter.", "      eleve:\n        - Se connecter."
            )
        },
        [
            "content/calendar.yaml, ligne 14",
            "periodes › 1 › taches › eleve",
            "rôle inconnu « eleve »",
            "vouliez-vous écrire « eleves »",
            "referent, eleves",
        ],
    ),
    "malformed_date": (
        {"content/calendar.yaml": CALENDAR.replace("fin: 15/12/2023", "fin: 31/11/2023")},
        ["content/calendar.yaml, ligne 18", "periodes › 2 › fin", "« 31/11/2023 » n'existe pas"],
    ),
    "two_digit_year": (
        {"content/calendar.yaml": CALENDAR.replace("debut: 06/11/2023", "debut: 06/11/23")},
        ["ligne 17", "periodes › 2 › debut", "l'année en entier"],
    ),
    "end_before_start": (
        {"content/calendar.yaml": CALENDAR.replace("fin: 2023-10-20", "fin: 2023-09-01")},
        ["ligne 9", "periodes › 1 › fin", "finit (01/09/2023) avant de commencer (04/09/2023)"],
    ),
    "overlap": (
        {"content/calendar.yaml": CALENDAR.replace("debut: 06/11/2023", "debut: 2023-10-15")},
        ["ligne 17", "periodes › 2 › debut", "avant la fin de la période 1", "sans se chevaucher"],
    ),
    "out_of_order": (
        {
            "content/calendar.yaml": CALENDAR.replace("numero: 2", "numero: 0")
            .replace("numero: 1", "numero: 3")
            .replace("numero: 0", "numero: 2")
        },
        ["ligne 16", "periodes › 2 › numero", "vient après la période 3"],
    ),
    "milestone_outside_year": (
        {"content/calendar.yaml": CALENDAR.replace("date: 2023-10-27", "date: 2024-09-02")},
        ["ligne 27", "jalons › 1 › date", "hors de l'année scolaire 2023-2024"],
    ),
    "milestone_without_id": (
        {
            "content/calendar.yaml": CALENDAR.replace(
                "  - id: fin-campagnes\n    date: 2023-10-27", "  - date: 2023-10-27"
            )
        },
        [
            "content/calendar.yaml, ligne 26",
            "jalons › 1 › id",
            "n'a pas d'« id: »",
            "« id: fin-des-campagnes »",
            "sans accent ni espace",
        ],
    ),
    "missing_guide": (
        {"content/calendar.yaml": CALENDAR.replace("guide: second", "guide: secnod")},
        [
            "content/calendar.yaml, ligne 23",
            "periodes › 2 › taches › eleves › guide",
            "renvoie au guide « secnod », qui n'existe pas",
            "vouliez-vous écrire « second »",
        ],
    ),
    "same_slug": (
        {"content/guides/Premier.md": FIRST_GUIDE},
        ["content/guides/premier.md", "même adresse (guides/premier.html)", "Premier.md"],
    ),
    "guide_without_title": (
        {"content/guides/second.md": "---\nresume: Sans titre\n---\nTexte\n"},
        ["content/guides/second.md", "« titre » manque"],
    ),
    "guide_without_front_matter": (
        {"content/guides/second.md": "Juste du texte\n"},
        ["content/guides/second.md, ligne 1", "en-tête entre deux lignes « --- »"],
    ),
    "unreadable_file": (
        {"content/calendar.yaml": b"roles: \xe9l\xe8ves\n"},
        ["content/calendar.yaml, ligne 1", "UTF-8"],
    ),
    "unknown_key": (
        {
            "content/calendar.yaml": CALENDAR.replace(
                "    debut: 2023-09-04", "    début: 2023-09-04"
            )
        },
        [
            "ligne 8",
            "periodes › 1 › début",
            "clé inconnue « début »",
            "vouliez-vous écrire « debut »",
            "clés possibles : numero",
            "fin (dernier jour, inclus)",
        ],
    ),
    "duplicate_key": (
        {
            "content/calendar.yaml": CALENDAR.replace(
                "        - Faire le bilan.\n",
                "        - Faire le bilan.\n      referent:\n        - Encore.\n",
            )
        },
        [
            "ligne 22",
            "champ « periodes › 2 › taches › referent »",
            "apparaît deux fois (déjà ligne 20)",
        ],
    ),
    "broken_guide_link": (
        {"content/guides/premier.md": FIRST_GUIDE.replace("second.md#etapes", "second.md#fin")},
        [
            "content/guides/premier.md, ligne 7",
            "n'a pas de titre dont l'ancre est #fin",
            "ancres de second : #etapes",
        ],
    ),
    "accented_anchor": (
        {"content/guides/premier.md": FIRST_GUIDE.replace("second.md#etapes", "second.md#étapes")},
        [
            "content/guides/premier.md, ligne 7",
            "« second.md#étapes »",
            "les ancres s'écrivent sans accents",
            "écrivez second.md#etapes",
        ],
    ),
    "broken_anchor_in_the_same_guide": (
        {
            "content/guides/second.md": SECOND_GUIDE.replace(
                "Revenir", "Voir [plus haut](#début). Revenir"
            )
        },
        ["content/guides/second.md, ligne 7", "« #début »", "ancres de ce guide : #etapes"],
    ),
    "guide_role_typo": (
        {
            "content/guides/premier.md": FIRST_GUIDE.replace(
                "roles: [referent]", "roles: [referant]"
            )
        },
        [
            "content/guides/premier.md, ligne 4",
            "rôle inconnu « referant »",
            "vouliez-vous écrire « referent »",
        ],
    ),
    "nul_byte_in_front_matter": (
        {
            "content/guides/second.md": SECOND_GUIDE.replace(
                "titre: Second guide", "titre: Second\x00 guide"
            )
        },
        ["content/guides/second.md, ligne 2", "caractère invisible"],
    ),
    "nul_byte_in_calendar": (
        {"content/calendar.yaml": CALENDAR.replace("Se connecter.", "Se con\x00necter.")},
        ["content/calendar.yaml, ligne 15", "caractère invisible"],
    ),
    "javascript_link": (
        {
            "content/guides/second.md": "---\ntitre: Second\n---\n\n[clic](javascript:alert(1))\n\n"
            "## Étapes\n[p](premier.md)\n"
        },
        ["content/guides/second.md, ligne 5", "javascript:"],
    ),
    "missing_file": (
        {
            "content/guides/second.md": SECOND_GUIDE.replace(
                "Revenir", "Voir [le PDF](../fichiers/absent.pdf). Revenir"
            )
        },
        [
            "content/guides/second.md, ligne 7",
            "« ../fichiers/absent.pdf » : ce fichier n'existe pas dans content/",
        ],
    ),
    "url_not_an_address": (
        {"site_config.yaml": CONFIG.replace("https://intranet.exemple.fr/pix", "https://[pix/")},
        ["site_config.yaml, ligne 4, champ « url_publique »", "« https://[pix/ » ne convient pas"],
    ),
    "newline_in_role_name": (
        {
            "content/calendar.yaml": CALENDAR.replace(
                "    nom: Référent Pix", '    nom: "Référent\\nPix"'
            )
        },
        ["content/calendar.yaml, ligne 3, champ « roles › 1 › nom »", "une seule ligne"],
    ),
    "newline_in_school": (
        {
            "site_config.yaml": CONFIG.replace(
                "etablissement: Collège des Tests", "etablissement: |\n  Collège\n  des Tests"
            )
        },
        ["site_config.yaml, ligne 2, champ « etablissement »", "une seule ligne"],
    ),
    "newline_in_milestone": (
        {
            "content/calendar.yaml": CALENDAR.replace(
                "    titre: Fin des campagnes", '    titre: "Fin\\ndes campagnes"'
            )
        },
        ["content/calendar.yaml, ligne 28, champ « jalons › 1 › titre »", "une seule ligne"],
    ),
    "link_to_a_built_page": (
        {
            "content/guides/second.md": SECOND_GUIDE.replace(
                "Revenir", "Voir [l'étape](premier.html#etapes). Revenir"
            )
        },
        [
            "content/guides/second.md, ligne 7",
            "« premier.html#etapes » : un lien vers un guide s'écrit avec le nom de son "
            "fichier : premier.md#etapes",
        ],
    ),
    "link_outside_fichiers": (
        {
            "content/guides/second.md": SECOND_GUIDE.replace(
                "Revenir", "Voir [le calendrier](../calendar.yaml). Revenir"
            )
        },
        ["content/guides/second.md, ligne 7", "« ../calendar.yaml »", "content/fichiers/"],
    ),
    "bad_config": (
        {
            "site_config.yaml": "titre: Guide\netablissement: X\nannee_scolaire: 2023-2025\n"
            "uai: 123\ncouleur: bleu\n"
        },
        [
            "site_config.yaml, ligne 3, champ « annee_scolaire »",
            "site_config.yaml, ligne 4, champ « uai »",
            "option inconnue « couleur »",
            "options possibles : titre, etablissement",
        ],
    ),
    "unknown_zone": (
        {"site_config.yaml": CONFIG + "zone_vacances: Corse\n"},
        [
            "site_config.yaml, ligne 6, champ « zone_vacances »",
            "« Corse » ne convient pas",
            "A, B ou C",
            "content/vacances.yaml",
        ],
    ),
    "malformed_holidays_file": (
        {
            "content/vacances.yaml": "annees:\n  2023-2024:\n    rentree: 2023-09-04\n"
            "    vacances:\n"
            "      - nom: vacances de la Toussaint\n        du: 21/10/2023\n        au: 5/11/23\n"
        },
        [
            "content/vacances.yaml, ligne 7, champ « annees › 2023-2024 › vacances › 1 › au »",
            "l'année en entier",
        ],
    ),
    "holidays_file_not_yaml": (
        {"content/vacances.yaml": "annees:\n  2023-2024: [rentree\n"},
        ["content/vacances.yaml", "YAML est mal formé"],
    ),
    "unknown_reference": (
        {"content/guides/second.md": SECOND_GUIDE.replace("Revenir", "En {période 7}, revenir")},
        [
            "content/guides/second.md, ligne 7",
            "{période 7} : le calendrier n'a pas de période 7 (périodes : 1, 2)",
        ],
    ),
    "unknown_milestone_reference": (
        {
            "content/guides/second.md": SECOND_GUIDE.replace(
                "Revenir", "Avant le {jalon fin}, revenir"
            )
        },
        [
            "content/guides/second.md, ligne 7",
            "{jalon fin} : aucun jalon n'a l'identifiant « fin »",
            "jalons : fin-campagnes",
        ],
    ),
    "unknown_reference_keyword": (
        {
            "content/guides/second.md": SECOND_GUIDE.replace(
                "Revenir", "Pendant la {semaine 3}, revenir"
            )
        },
        [
            "content/guides/second.md, ligne 7",
            "{semaine 3} : référence inconnue",
            "{jalon identifiant}",
        ],
    ),
    "intended_not_boolean": (
        {
            "content/calendar.yaml": CALENDAR.replace(
                "    titre: Fin des campagnes",
                "    titre: Fin des campagnes\n    a_confirmer: peut-être",
            )
        },
        [
            "content/calendar.yaml, ligne 29, champ « jalons › 1 › a_confirmer »",
            "écrivez true (pour oui) ou false (pour non)",
        ],
    ),
    "milestone_for_an_unknown_role": (
        {
            "content/calendar.yaml": CALENDAR.replace(
                "    titre: Fin des campagnes",
                "    titre: Fin des campagnes\n    roles: [referant]",
            )
        },
        [
            "content/calendar.yaml, ligne 29, champ « jalons › 1 › roles »",
            "rôle inconnu « referant »",
            "(vouliez-vous écrire « referent » ?)",
            "rôles déclarés dans « roles » : referent, eleves",
        ],
    ),
}


def cli_errors(root: Path, env: dict[str, str] | None = None) -> str:
    """What the real command line prints for a build that must fail: exit 1, French errors, never a
    traceback."""
    run = subprocess.run(
        [sys.executable, str(ROOT / "build.py"), "--config", str(root / "site_config.yaml")],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, **(env or {})},
    )
    assert "Traceback" not in run.stderr and "Error" not in run.stderr, run.stderr
    assert run.returncode == 1, (run.returncode, run.stdout, run.stderr)
    assert run.stderr.rstrip().endswith("rien n'a été écrit."), run.stderr
    return run.stderr


def assert_named(report: str, expected: list[str], files) -> None:
    for fragment in expected:
        assert fragment in report, f"{fragment!r} absent de :\n{report}"
    errors = [line.lower() for line in report.splitlines() if line.startswith("ERREUR  ")]
    assert any(str(name).lower() in line for name in files for line in errors), report


def symlink(name: str, target: str):
    def make(root: Path) -> None:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        os.symlink(target, root / name)

    return make


def guide_outside(root: Path) -> None:
    (root.parent / f"{root.name}-dehors.md").write_text("---\ntitre: Dehors\n---\nSecret.\n")
    symlink("content/guides/dehors.md", str(root.parent / f"{root.name}-dehors.md"))(root)


def fifo(name: str):
    def make(root: Path) -> None:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        os.mkfifo(root / name)

    return make


# What a files table cannot hold: (make it in the project folder, expected fragments).
SPECIAL_INPUTS = {
    "fifo_guide": (
        fifo("content/guides/tube.md"),
        ["content/guides/tube.md", "pas un fichier ordinaire"],
    ),
    "fifo_file": (
        fifo("content/fichiers/tube.pdf"),
        ["content/fichiers/tube.pdf", "pas un fichier ordinaire"],
    ),
    "symlink_file_outside": (
        symlink("content/fichiers/passwd.txt", "/etc/passwd"),
        [
            "content/fichiers/passwd.txt",
            "lien symbolique mène hors du dossier content/",
            "jamais publié",
        ],
    ),
    "symlink_guide_outside": (
        guide_outside,
        ["content/guides/dehors.md", "lien symbolique mène hors du dossier content/"],
    ),
    "dangling_guide": (
        symlink("content/guides/casse.md", "/nulle/part.md"),
        ["content/guides/casse.md", "lien symbolique est cassé"],
    ),
    "looping_guide": (
        symlink("content/guides/boucle.md", "boucle.md"),
        ["content/guides/boucle.md", "boucle"],
    ),
}


@pytest.mark.parametrize("case", list(SPECIAL_INPUTS))
def test_special_bad_input_is_named_and_output_untouched(project, case):
    root = project()
    build_at(root)
    before = snapshot(root / "output")
    make, expected = SPECIAL_INPUTS[case]
    make(root)
    assert_named(cli_errors(root), expected, [expected[0]])
    assert snapshot(root / "output") == before


@pytest.mark.parametrize("case", list(BROKEN_INPUTS))
def test_bad_input_is_named_and_output_untouched(project, case):
    root = project()
    build_at(root)
    before = snapshot(root / "output")
    broken, expected = BROKEN_INPUTS[case]
    project(broken)
    if case == "bad_config":
        (root / "templates").mkdir(exist_ok=True)
    assert_named(cli_errors(root), expected, broken)
    assert snapshot(root / "output") == before


def test_a_symlink_that_stays_in_the_content_folder_is_published(project):
    root = project({"content/fichiers/vrai.pdf": b"%PDF-1.4 vrai"})
    os.symlink("vrai.pdf", root / "content/fichiers/lien.pdf")
    build_at(root)
    assert (root / "output/fichiers/lien.pdf").read_bytes() == b"%PDF-1.4 vrai"


def test_a_huge_source_date_epoch_is_named(project):
    root = project()
    report = cli_errors(root, {"SOURCE_DATE_EPOCH": "99999999999999999"})
    assert (
        "ERREUR  variable d'environnement SOURCE_DATE_EPOCH" in report
        and "écriture impossible" not in report
    )


def test_a_source_date_epoch_that_is_not_a_number_is_a_warning(project, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "demain")
    warnings = [str(warning) for warning in build_at(project()).warnings]
    assert any(
        "SOURCE_DATE_EPOCH" in warning and "« demain »" in warning for warning in warnings
    ), warnings


def test_a_yaml_syntax_error_does_not_hide_the_other_files_errors(project):
    root = project(
        {
            "content/calendar.yaml": CALENDAR.replace("    nom: Élèves", "\tnom: Élèves"),
            "content/guides/premier.md": FIRST_GUIDE.replace("second.md#etapes", "second.md#fin"),
        }
    )
    report = "\n".join(problems_at(root))
    assert "content/calendar.yaml, ligne 5" in report and "tabulation" in report
    assert "content/guides/premier.md, ligne 7" in report and "#fin" in report


def test_a_colon_in_a_task_gives_one_error_only(project):
    root = project(
        {
            "content/calendar.yaml": CALENDAR.replace(
                "        - Se connecter.", "        - Absences: prévenir."
            )
        }
    )
    assert len(problems_at(root)) == 1


def test_unreadable_file_is_reported(project):
    root = project()
    (root / "content/calendar.yaml").unlink()
    (root / "content/calendar.yaml").mkdir()
    report = "\n".join(problems_at(root))
    assert "content/calendar.yaml : fichier illisible (c'est un dossier, pas un fichier)" in report


def test_all_errors_of_a_build_are_reported_together(project):
    root = project(
        {
            "content/calendar.yaml": CALENDAR.replace("fin: 15/12/2023", "fin: 2023-13-01").replace(
                "guide: second", "guide: absent"
            ),
            "content/guides/premier.md": "---\nresume: x\n---\n",
        }
    )
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
    root = project(
        {
            "content/calendar.yaml": CALENDAR.replace(
                "roles:\n", "roles:\n  - id: parents\n    nom: Parents\n"
            )
        }
    )
    messages = [str(w) for w in build_at(root).warnings]
    assert any("« parents » n'a aucune tâche" in message for message in messages)


@pytest.mark.parametrize("name", ["index", "tout-imprimer", "tout-imprimer-2"])
def test_reserved_guide_name_is_refused(project, name):
    root = project({f"content/guides/{name}.md": "---\ntitre: Index\n---\n"})
    assert any(
        f"content/guides/{name}.md" in line and f"« {name} » est réservé" in line
        for line in problems_at(root)
    )
