"""site_config.yaml read into located values (handbook/build/settings.py has them checked and makes
the Config)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from handbook.problems import Report, command, shown_path
from handbook.read.files import read_text
from handbook.read.located import LocatedDict, parse_yaml


def read_config(path: Path, report: Report) -> tuple[str, LocatedDict] | None:
    """The file's name as messages show it and its options, or None with the problems reported."""
    source = read_text(path, path.parent, report)
    if source is None and not path.exists():
        report.errors[-1] = dataclasses.replace(report.errors[-1], message=_missing_config(path))
    raw = parse_yaml(source, report) if source else None
    if source and not isinstance(raw, LocatedDict):
        if raw is not None or not report.errors:
            report.error(
                source.display,
                None,
                None,
                "le fichier doit contenir des lignes « option: valeur » (titre, etablissement, "
                "annee_scolaire…)",
            )
    if report.errors:
        return None
    return source.display, raw


def _missing_config(path: Path) -> str:
    """What to do when there is no configuration where the command looked."""
    folder = (
        "ce dossier"
        if path.parent == Path.cwd().resolve()
        else f"le dossier {shown_path(path.parent)}/"
    )
    return (
        f"fichier introuvable dans {folder} : lancez la commande depuis le dossier du guide, "
        "ou indiquez la configuration avec --config ; pour commencer le guide d'un autre "
        f"établissement : {command('nouvel-etablissement DOSSIER')}"
    )
