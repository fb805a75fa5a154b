"""Hostile or broken input for the year features (holiday files, archived years, guides' « regles »,
the command line): every case run as a user would, with the same assertions. The documented exit
code (README: 1 for the content or the configuration, 2 for a misused command line), no traceback, a
French message naming the file (and its line where it has one), output/ byte for byte as it was,
nothing written in the project nor outside it, no temporary file left."""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import BASE_FILES, CALENDAR, CONFIG, FIRST_GUIDE, ROOT, build_at, write_files
from test_nextyear_writing import tree

ZONE_C = CONFIG + "zone_vacances: C\n"
NO_ZONE = CONFIG

HOLIDAYS = """\
annees:
  2023-2024:
    rentree: 2023-09-04
    vacances:
      - nom: vacances de la Toussaint
        du: 2023-10-21
        au: 2023-11-05
      - nom: vacances de Noël
        du: 2023-12-23
        au: 2024-01-07
      - nom: vacances d'été
        du: 2024-07-06
  2024-2025:
    rentree: 2024-09-02
    vacances:
      - nom: vacances de la Toussaint
        du: 2024-10-19
        au: 2024-11-03
      - nom: vacances de Noël
        du: 2024-12-21
        au: 2025-01-05
      - nom: vacances d'été
        du: 2025-07-05
"""

ACCENTED_NUL = CALENDAR.replace(
    "roles:\n",
    "# Éléments réécrits à la main, année 2023-2024 : périodes, tâches, élèves.\n"
    "# Été, rentrée, Noël, février : à vérifier.\nroles:\n",
    1,
).replace("    nom: Élèves\n", "    nom: Élèves\x00\n")  # line 7

CASES = {
    # 4. odd files where the command writes, year 0
    "le dossier de l'année archivée est un fichier": (
        {"content/annees/2023-2024": "pas un dossier\n"},
        ["nouvelle-annee", "2024-2025"],
        1,
        ["ERREUR  content/annees/2023-2024 :", "devrait être un dossier"],
    ),
    "le calendrier archivé est un dossier": (
        {"content/annees/2023-2024/calendar.yaml/lisez-moi.txt": "un dossier\n"},
        ["nouvelle-annee", "2024-2025"],
        1,
        ["ERREUR  content/annees/2023-2024/calendar.yaml :", "devrait être un fichier"],
    ),
    "l'année 0000-0001 dans la configuration": (
        {"site_config.yaml": ZONE_C.replace("2023-2024", "0000-0001")},
        [],
        1,
        [
            "site_config.yaml, ligne 3, champ « annee_scolaire »",
            "attendu : l'année scolaire sous la forme",
        ],
    ),
    "l'année 0000-0001 dans la configuration, pour nouvelle-annee": (
        {"site_config.yaml": ZONE_C.replace("2023-2024", "0000-0001")},
        ["nouvelle-annee", "0001-0002"],
        1,
        ["site_config.yaml, ligne 3, champ « annee_scolaire »"],
    ),
    "un dossier content/annees/0000-0001/": (
        {"content/annees/0000-0001/calendar.yaml": CALENDAR},
        [],
        1,
        ["content/annees/0000-0001/calendar.yaml :", "doit s'appeler comme l'année"],
    ),
    # 5. holiday files that lack something
    "des vacances sans l'été": (
        {
            "site_config.yaml": NO_ZONE,
            "content/vacances.yaml": HOLIDAYS.replace(  # nothing after période 2
                "      - nom: vacances d'été\n        du: 2024-07-06\n", ""
            ).replace(
                "      - nom: vacances de Noël\n        du: 2023-12-23\n        au: 2024-01-07\n",
                "",
            ),
        },
        ["nouvelle-annee", "2024-2025"],
        1,
        ["content/vacances.yaml", "vacances d'été"],
    ),
    "sans zone, une année absente du fichier de vacances": (
        {"site_config.yaml": NO_ZONE, "content/vacances.yaml": HOLIDAYS.split("  2024-2025:")[0]},
        ["nouvelle-annee", "2024-2025"],
        1,
        [
            "ERREUR  content/vacances.yaml, champ « annees » : les vacances de 2024-2025 n'y "
            "sont pas"
        ],
    ),
    "des vacances renommées d'une année à l'autre": (
        {
            "site_config.yaml": NO_ZONE,
            "content/vacances.yaml": HOLIDAYS.replace(
                "nom: vacances de la Toussaint\n        du: 2024",
                "nom: vacances d'automne\n        du: 2024",
            ),
        },
        ["nouvelle-annee", "2024-2025"],
        1,
        ["« vacances de la Toussaint »", "content/vacances.yaml"],
    ),
    "une année lointaine": (
        {},
        ["nouvelle-annee", "9998-9999"],
        1,
        ["pour préparer 9998-9999", "content/vacances.yaml"],
    ),
    # 6. a NUL byte after accented letters
    "un caractère nul après des lettres accentuées": (
        {"content/calendar.yaml": ACCENTED_NUL},
        [],
        1,
        ["content/calendar.yaml, ligne 7 : caractère invisible interdit (code U+0000)"],
    ),
    # 7. values that look right and are not
    "nouvelle-annee en chiffres pleine chasse": (
        {},
        ["nouvelle-annee", "２０２４-２０２５"],
        2,
        ["attendu l'année à préparer sous la forme 2024-2025"],
    ),
    "regles en chiffres pleine chasse": (
        {
            "content/guides/premier.md": FIRST_GUIDE.replace(
                "roles: [referent]\n", "roles: [referent]\nregles: ２０２３-２０２４\n"
            )
        },
        [],
        1,
        ["content/guides/premier.md, ligne 5, champ « regles »", "en chiffres ordinaires"],
    ),
    "regles sur deux années qui ne se suivent pas": (
        {
            "content/guides/premier.md": FIRST_GUIDE.replace(
                "roles: [referent]\n", "roles: [referent]\nregles: 2026-2099\n"
            )
        },
        [],
        1,
        ["content/guides/premier.md, ligne 5, champ « regles » : « 2026-2099 »"],
    ),
    "des vacances hors de leur année scolaire": (
        {"content/vacances.yaml": HOLIDAYS.replace("du: 2023-10-21", "du: 2022-10-21")},
        [],
        1,
        [
            "content/vacances.yaml, ligne 6, champ « annees › 2023-2024 › vacances › 1 › du »",
            "n'est pas dans l'année scolaire 2023-2024",
        ],
    ),
    "deux vacances du même nom": (
        {
            "content/vacances.yaml": HOLIDAYS.replace(
                "nom: vacances de Noël\n        du: 2023",
                "nom: vacances de la Toussaint\n        du: 2023",
            )
        },
        [],
        1,
        [
            "content/vacances.yaml, ligne 8, champ « annees › 2023-2024 › vacances › 2 › nom »",
            "déjà à la ligne 5",
        ],
    ),
    "des vacances sans nom": (
        {
            "content/vacances.yaml": HOLIDAYS.replace(
                "nom: vacances de Noël\n        du: 2023", 'nom: ""\n        du: 2023'
            )
        },
        [],
        1,
        [
            "content/vacances.yaml, ligne 8, champ « annees › 2023-2024 › vacances › 2 »",
            "attendu : « nom: »",
        ],
    ),
    "un nom de vacances sur deux lignes": (
        {
            "content/vacances.yaml": HOLIDAYS.replace(
                "nom: vacances de Noël\n        du: 2023",
                'nom: "vacances\\nde Noël"\n        du: 2023',
            )
        },
        [],
        1,
        [
            "content/vacances.yaml, ligne 8, champ « annees › 2023-2024 › vacances › 2 › nom »",
            "une seule ligne",
        ],
    ),
    "une clé inconnue en tête du fichier de vacances": (
        {"content/vacances.yaml": "zone: C\n" + HOLIDAYS},
        [],
        1,
        ["content/vacances.yaml, ligne 1, champ « zone » : clé inconnue"],
    ),
    # 9. previous years that are not previous
    "l'année du guide parmi les années précédentes": (
        {"content/annees/2023-2024/calendar.yaml": CALENDAR},
        [],
        1,
        ["content/annees/2023-2024/calendar.yaml : 2023-2024 n'est pas une année précédente"],
    ),
    "une année à venir parmi les années précédentes": (
        {
            "content/annees/2025-2026/calendar.yaml": CALENDAR.replace("2023", "2025").replace(
                "2024", "2026"
            )
        },
        [],
        1,
        ["content/annees/2025-2026/calendar.yaml : 2025-2026 n'est pas une année précédente"],
    ),
    # 10. the command line
    "--dry-run sans nouvelle-annee": (
        {},
        ["--dry-run"],
        2,
        ["l'option --dry-run ne sert qu'avec nouvelle-annee"],
    ),
    "serve sur le port 99999": (
        {},
        ["serve", "--port", "99999"],
        2,
        ["l'option --port attend un numéro de port entre 1 et 65535, pas « 99999 »"],
    ),
    "serve sur le port -1": (
        {},
        ["serve", "--port", "-1"],
        2,
        ["l'option --port attend un numéro de port entre 1 et 65535, pas « -1 »"],
    ),
    "nouvelle-annee sans année": (
        {},
        ["nouvelle-annee"],
        2,
        ["indiquez l'année à préparer, par exemple : python3 "],
    ),
    "nouvelle-annee avec une année mal écrite": (
        {},
        ["nouvelle-annee", "24-25"],
        2,
        ["« 24-25 » : attendu l'année à préparer sous la forme 2024-2025"],
    ),
}


@pytest.mark.parametrize("case", CASES)
def test_bad_input_is_refused_clearly_and_changes_nothing(tmp_path, case):
    files, arguments, code, expected = CASES[case]
    root, outside = tmp_path / "projet", tmp_path / "ailleurs"
    write_files(outside, {"a-garder.txt": "à garder\n"})
    write_files(root, {**BASE_FILES, "site_config.yaml": ZONE_C})
    build_at(root)
    # a change that a build would publish: an option that is ignored would show in output/
    write_files(
        root,
        {"content/guides/second.md": BASE_FILES["content/guides/second.md"] + "\nUne ligne.\n"},
    )
    write_files(root, files)
    project, elsewhere = tree(root), tree(outside)
    result = subprocess.run(
        [sys.executable, str(ROOT / "build.py"), *arguments],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == code, result.stderr
    assert "Traceback" not in result.stderr and "Error" not in result.stderr
    for fragment in expected:
        assert fragment in result.stderr
    assert len(result.stderr.splitlines()) <= 12  # readable: no screenful of repeated errors
    assert tree(root) == project  # output/ byte for byte, the content, and no temporary file
    assert tree(outside) == elsewhere
