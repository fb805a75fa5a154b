"""python3 build.py nouvel-etablissement DOSSIER: a new school's handbook, ready to build.

The starter files (data/nouvel-etablissement/) are a configuration, a calendar with one role and one
period, and one guide that a task uses: the new handbook builds with check --strict at once, and
each file says what to fill in. They are copied with the school year of today's date and the paths
the user types.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from string import Template

from handbook.build.write import create_sources
from handbook.problems import command, shown_path, system_reason
from handbook.read.config import SchoolYear

STARTER = Path(__file__).parent / "data" / "nouvel-etablissement"
GENERATOR = Path(__file__).resolve().parent.parent
COMMAND = "nouvel-etablissement"


def current_school_year(today: dt.date) -> SchoolYear:
    """The school year that contains today (1 August to 31 July)."""
    return SchoolYear(today.year if today.month >= 8 else today.year - 1)


def starter_files(folder: Path, today: dt.date) -> dict[Path, str]:
    """Each file to write in the new folder, with its text."""
    year = current_school_year(today)
    config = os.path.relpath(folder.resolve() / "site_config.yaml", GENERATOR)
    values = {
        "annee": year.label,
        "debut_annee": str(year.start_year),
        "config": Path(config).as_posix(),
    }
    return {
        folder / path.relative_to(STARTER): Template(path.read_text(encoding="utf-8")).substitute(
            values
        )
        for path in sorted(STARTER.rglob("*"))
        if path.is_file()
    }


def create(folder_name: str, today: dt.date | None = None) -> tuple[int, list[str]]:
    """Run the command: (exit code, lines to print)."""
    if not folder_name:
        return 2, [
            f"ERREUR  {COMMAND} : indiquez le dossier à créer, par exemple : "
            f"{command(COMMAND + ' ../autre-college')}"
        ]
    folder = Path(folder_name)
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        return 1, [
            f"ERREUR  {folder_name} : ce dossier existe déjà et n'est pas vide ; choisissez un "
            "nouveau dossier (rien n'a été écrit)"
        ]
    files = starter_files(folder, today or dt.date.today())
    try:
        create_sources(files)
    except OSError as error:
        return 1, [
            f"ERREUR  {folder_name} : écriture impossible ({system_reason(error)}) ; rien n'a été "
            "écrit"
        ]
    config = shown_path(folder / "site_config.yaml")
    return 0, [
        f"Guide d'un nouvel établissement créé dans {folder_name} :",
        *[f"  {shown_path(path)}" for path in files],
        "Complétez ces fichiers (chacun dit quoi y écrire), puis vérifiez et construisez le "
        "guide :",
        f"  {command(f'check --strict --config {config}')}",
        f"  {command(f'--config {config}')}   (le site est écrit dans "
        f"{shown_path(folder / 'output')}/)",
    ]
