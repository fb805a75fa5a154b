#!/usr/bin/env python3
"""Construit le guide Pix : python3 build.py --help (ou ./build.py --help)

Lancé par un Python qui n'a pas les paquets du guide (le python3 du système, après « make site »),
ce fichier se relance avec celui de l'environnement du projet (.venv/) ; sans cet environnement, il
dit quoi lancer.
"""

import gc
import importlib.util
import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
VENV_PYTHON = HERE / ".venv" / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
# The modules of requirements.txt (tests/test_cli.py checks that this list follows it).
MODULES = (
    "jinja2",
    "markdown_it",
    "yaml",
    "icalendar",
    "dateutil",
    "livereload",
    "segno",
    "watchdog",
)


def missing_modules() -> list:
    return [name for name in MODULES if importlib.util.find_spec(name) is None]


def in_project_venv() -> bool:
    return Path(sys.prefix).resolve() == VENV_PYTHON.parent.parent.resolve()


def setup_command() -> str:
    """make site, from wherever the user is."""
    here = Path.cwd().resolve() == HERE
    return "make site" if here else f"make -C {os.path.relpath(HERE)} site"


def main() -> int:
    missing = missing_modules()
    if missing and not in_project_venv() and VENV_PYTHON.exists():
        command = [str(VENV_PYTHON), str(Path(__file__).resolve()), *sys.argv[1:]]
        if os.name == "nt":  # Windows has no exec: the environment's Python runs as a child
            import subprocess

            return subprocess.call(command)
        os.execv(VENV_PYTHON, command)
    if missing:
        where = (
            "il en manque dans le dossier .venv/"
            if VENV_PYTHON.exists()
            else "le dossier .venv/ n'existe pas encore"
        )
        print(
            f"build.py : les paquets du guide ne sont pas installés ({where}).\n"
            f"Installez-les une fois avec : {setup_command()}\n"
            f"puis relancez la même commande.",
            file=sys.stderr,
        )
        return 2
    sys.path.insert(0, str(HERE))
    # Imported with the garbage collector off, then frozen: what imports make lives as long as the
    # process, and the collector would only scan it again and again (a build turns it off too, and
    # imports the rest meanwhile: see handbook/build/pipeline.py).
    gc.disable()
    from handbook.cli import main as run

    gc.freeze()
    gc.enable()
    code = run()
    # Python collects garbage once more as it exits, over every object of the libraries and of the
    # build (40 ms for the shipped handbook): none of them needs it. Frozen, they are left out.
    gc.freeze()
    return code


if __name__ == "__main__":
    sys.exit(main())
