"""site_config.yaml read into located values, with the configurations of the bases it builds on
(« base: ../base », a chain académie → bassin → établissement); handbook/build/settings.py has them
merged, checked and made into the Config."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

from handbook.problems import Report, command, shown_path
from handbook.read.files import display_path, read_text
from handbook.read.located import LocatedDict, parse_yaml

CONFIG_FILE = "site_config.yaml"
BASE_OPTION = "base"


@dataclass(frozen=True)
class ConfigLayer:
    """One configuration file of the chain: the school's first, then its base, the base's base…"""

    path: Path  # resolved
    display: str  # as messages show it, from the school's folder
    options: LocatedDict

    @property
    def root(self) -> Path:
        return self.path.parent


def read_config(
    path: Path, report: Report, root: Path | None = None
) -> tuple[str, LocatedDict] | None:
    """The file's name as messages show it (from root, its own folder by default) and its options,
    or None with the problems reported."""
    source = read_text(path, root or path.parent, report)
    if source is None and not path.exists() and root is None:
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


def read_layers(path: Path, report: Report) -> list[ConfigLayer] | None:
    """The school's configuration and those of its bases, nearest first; None with the problems
    reported (a base that cannot be read, a chain that comes back on itself)."""
    root = path.parent
    layers: list[ConfigLayer] = []
    while True:
        read = read_config(path, report, None if not layers else root)
        if read is None:
            return None
        layers.append(ConfigLayer(path, *read))
        named = layers[-1].options.get(BASE_OPTION)
        if named is None:
            return layers
        problem, target = _base_file(layers[-1], named, layers)
        if problem:
            where = layers[-1]
            report.error(where.display, where.options.line_of(BASE_OPTION), BASE_OPTION, problem)
            return None
        path = target


def _base_file(
    layer: ConfigLayer, named: object, chain: list[ConfigLayer]
) -> tuple[str | None, Path]:
    """(why the base named cannot be used or None, the path of its site_config.yaml)."""
    expected = "le dossier du guide commun, relatif à ce fichier, par exemple ../base"
    if not isinstance(named, str) or not named.strip():
        return f"attendu : {expected}", layer.path
    target = (layer.root / named.strip()).resolve()
    if target.is_dir():
        target = target / CONFIG_FILE
    shown = display_path(target, chain[0].root)
    if any(target == other.path for other in chain):
        order = " → ".join([other.display for other in chain] + [shown])
        return f"les bases reviennent sur elles-mêmes ({order}) ; retirez l'une d'elles", target
    if not target.is_file():
        return (
            f"« {named} » : introuvable (cherché : {shown_path(target)}) ; attendu : {expected} "
            "(le dossier qui contient "
            f"son {CONFIG_FILE})",
            target,
        )
    return None, target


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
