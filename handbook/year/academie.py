"""python3 build.py nouvelle-annee AAAA-AAAA --academie DOSSIER: the year cycle of every handbook
of an académie. Each base its schools build on is moved once, the farthest first (académie →
bassin), then each school's own dates (year/based.py), each by the single command (nextyear.py),
all or nothing for each handbook: a school that fails does not stop the others. One report per
handbook, printed, and written into DOSSIER/nouvelle-annee-AAAA-AAAA/ so that each school's
référent can be sent its own. --dry-run rehearses the whole cycle on a copy, so that the schools'
reports show what their dates would become over their moved bases, and writes nothing."""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from handbook.build.settings import GENERATOR_TEMPLATES, load_academie, load_config
from handbook.model import Config, SchoolYear
from handbook.problems import BuildFailed, Report, command, counted, shown, shown_path
from handbook.read.config import CONFIG_FILE
from handbook.read.load import ARCHIVE_DIR, CALENDAR_FILE
from handbook.year import COMMAND
from handbook.year.nextyear import prepare

REPORTS = "nouvelle-annee-{label}"  # in the académie's folder: one report per handbook


@dataclass
class Outcome:
    """One handbook's run: its folder, its name, done or not, and its report."""

    path: Path
    name: str
    state: str  # DONE, READY, REHEARSED or FAILED
    lines: list[str]
    is_base: bool = False

    @property
    def said(self) -> str:
        """The state in French, agreeing with « la base » or « l'établissement »."""
        if self.state == FAILED or not self.is_base:
            return self.state
        first, _, rest = self.state.partition(" ")
        return f"{first}e {rest}".strip() if first != "déjà" else f"déjà {rest}e"


DONE, READY, REHEARSED, FAILED = "préparé", "déjà prêt", "prêt à préparer", "ÉCHEC"


def prepare_academie(path: Path, label: str, dry_run: bool, today=None) -> tuple[int, list[str]]:
    """Run the year cycle of the académie at path (its folder or its academie.yaml): (exit code: 0
    every handbook ready, 1 one failed or the académie file is wrong, 2 a misused year; lines)."""
    report = Report()
    root, academie = load_academie(path, report)
    if academie is None:
        return 1, [f"ERREUR  {problem}" for problem in shown(report.errors, root)]
    target = SchoolYear.of(label.strip())
    if target is None:
        example = command(f"{COMMAND} 2025-2026 --academie {shown_path(path)}")
        return 2, [
            f"ERREUR  {COMMAND} : « {label} » : attendu l'année à préparer sous la forme "
            f"2024-2025, par exemple : {example}"
        ]
    folders = [(root / folder).resolve() for folder in academie.schools]
    if dry_run:
        outcomes = rehearsed(root, folders, target, today)
    else:
        outcomes = year_cycle(folders, target, today)
    return _told(outcomes, root, target, dry_run)


def year_cycle(
    folders: list[Path], target: SchoolYear, today=None, rehearsal: bool = False
) -> list[Outcome]:
    """Every base, then every school, moved to the target year: their outcomes, in that order.
    rehearsal: on a copy, the reports told as a dry run's."""
    configs: dict[Path, Config | Outcome] = {}
    for folder in folders:
        configs[folder] = _config(folder / CONFIG_FILE)
    bases: list[Path] = []  # the bases' configurations, farthest first, each once
    for config in configs.values():
        if isinstance(config, Config):
            bases += [b.path for b in reversed(config.bases) if b.path not in bases]
    before: dict[Path, Config | Outcome] = {path: _config(path) for path in bases}
    failed: set[Path] = set()  # the bases that could not be prepared in this run
    outcomes = []
    for path in bases:
        outcomes.append(_moved(path, before, target, today, rehearsal, True, failed))
        if outcomes[-1].state == FAILED:
            failed.add(path)
    for folder, config in configs.items():
        if isinstance(config, Outcome):
            outcomes.append(config)
        else:
            before[config.path] = config
            outcomes.append(_moved(config.path, before, target, today, rehearsal, False, failed))
    return outcomes


def _config(path: Path) -> Config | Outcome:
    """The configuration as it is now, or the outcome of a handbook that cannot be read."""
    report = Report()
    try:
        return load_config(path, report)
    except BuildFailed:
        lines = [f"ERREUR  {problem}" for problem in shown(report.errors, path.parent)]
        return Outcome(path.parent, shown_path(path.parent), FAILED, lines)


def _moved(
    path: Path, before: dict, target, today, rehearsal, is_base=False, failed=frozenset()
) -> Outcome:
    """One handbook moved to the target year (a base already there is left alone; one whose base
    failed in this run waits for it, with one line saying so)."""
    config = before[path]
    if isinstance(config, Outcome):
        return config
    folder = path.parent
    if failing := [base.path for base in config.bases if base.path in failed]:
        said = (
            f"ERREUR  sa base {shown_path(failing[-1].parent)} n'a pas pu être préparée (voir "
            "plus haut) : rien n'a été écrit ; une fois sa base corrigée, relancez la commande"
        )
        return Outcome(folder, config.school, FAILED, [said], is_base)
    if config.school_year.start_year == target.start_year and _ready(config, before, target):
        said = f"déjà en {target.label} : rien à faire"
        return Outcome(folder, config.school, READY, [said], is_base)
    closing = None
    if config.bases:
        nearest = before.get(config.bases[0].path)
        if isinstance(nearest, Config) and nearest.school_year.start_year < target.start_year:
            closing = nearest.school_year.label  # the year its base closed
    try:
        code, lines = prepare(
            path, target.label, False, today=today, closing=closing, rehearsal=rehearsal
        )
    except Exception as error:  # noqa: BLE001 — one handbook's failure must not stop the others
        code, lines = 1, [f"ERREUR  {shown_path(folder)} : erreur inattendue ({error!r})"]
    return Outcome(folder, config.school, FAILED if code else DONE, lines, is_base)


def _ready(config: Config, before: dict, target: SchoolYear) -> bool:
    """Whether a handbook already in the target year has nothing left to do: it has no base, or it
    already archived the year its base closed (else its own dates are still to move)."""
    if not config.bases:
        return True
    nearest = before.get(config.bases[0].path)
    if not isinstance(nearest, Config):
        return True
    closing = nearest.school_year
    if closing.start_year >= target.start_year:
        closing = target.previous
    return (config.content_dir / ARCHIVE_DIR / closing.label / CALENDAR_FILE).exists()


def rehearsed(root: Path, folders: list[Path], target: SchoolYear, today=None) -> list[Outcome]:
    """The cycle run on a copy of the académie's handbooks (their folders, outputs aside), its paths
    named as the real ones: nothing of the académie is written."""
    configs = [_config(folder / CONFIG_FILE) for folder in folders]
    involved = _involved(folders, [config for config in configs if isinstance(config, Config)])
    top = Path(os.path.commonpath([str(root), *map(str, involved)]))
    skipped = {str(config.output_dir) for config in configs if isinstance(config, Config)}

    def ignored(folder: str, names: list[str]) -> set[str]:
        return {
            name
            for name in names
            if name in (".cache", ".git", ".venv") or os.path.join(folder, name) in skipped
        }

    with tempfile.TemporaryDirectory(prefix="nouvelle-annee-") as scratch:
        copy = Path(scratch) / top.name
        for folder in involved:
            shutil.copytree(folder, copy / folder.relative_to(top), symlinks=True, ignore=ignored)
        moved = [copy / folder.relative_to(top) for folder in folders]
        outcomes = year_cycle(moved, target, today, rehearsal=True)
    swaps = [(str(copy), str(top)), (shown_path(copy), shown_path(top))]
    for outcome in outcomes:
        outcome.path = top / outcome.path.relative_to(copy)
        outcome.lines = [_swapped(line, swaps) for line in outcome.lines]
        if outcome.state == DONE:
            outcome.state = REHEARSED
    return outcomes


def _involved(folders: list[Path], configs: list[Config]) -> list[Path]:
    """The folders the cycle reads: each school's, each base's, their content and templates when
    they are elsewhere; none inside another."""
    found = {*folders}
    for config in configs:
        found |= {config.content_dir}
        found |= {
            folder for base in config.bases for folder in (base.path.parent, base.content_dir)
        }
        if config.templates_dir != GENERATOR_TEMPLATES:
            found.add(config.templates_dir)
    existing = [folder for folder in found if folder.is_dir()]
    return sorted(
        folder
        for folder in existing
        if not any(other in folder.parents for other in existing if other != folder)
    )


def _swapped(text: str, swaps: list[tuple[str, str]]) -> str:
    for old, new in swaps:
        text = text.replace(old, new)
    return text


def _told(outcomes: list[Outcome], root: Path, target: SchoolYear, dry_run: bool):
    """The exit code and the lines to print; the reports written unless it is a dry run."""
    lines = []
    for outcome in outcomes:
        kind = "Base" if outcome.is_base else "Établissement"
        lines += [f"== {kind} {shown_path(outcome.path)} ({outcome.name}) : {outcome.said} ==", ""]
        lines += outcome.lines + [""]
    failed = [outcome for outcome in outcomes if outcome.state == FAILED]
    ready = [outcome for outcome in outcomes if outcome.state != FAILED]
    bases = sum(outcome.is_base for outcome in ready)
    lines.append(
        f"Académie, {target.label} : {counted(bases, 'base')} et "
        f"{counted(len(ready) - bases, 'établissement')} "
        + ("prêts à préparer" if dry_run else "prêts")
        + (
            f" ; en échec : {', '.join(shown_path(o.path) for o in failed)} (voir plus haut)"
            if failed
            else ""
        )
        + "."
    )
    if dry_run:
        lines.append("Aperçu seulement (--dry-run) : rien n'a été écrit.")
        return (1 if failed else 0), lines
    folder = root / REPORTS.format(label=target.label)
    try:
        _write_reports(folder, root, outcomes)
        lines.append(f"Comptes rendus : {shown_path(folder)}/ (un fichier par guide).")
    except OSError as error:
        lines.append(f"ERREUR  les comptes rendus n'ont pas pu être écrits dans {folder} ({error})")
        return 1, lines
    lines.append(
        "Relisez les calendriers, puis construisez tous les établissements : "
        + command(f"academie {shown_path(root)}")
    )
    return (1 if failed else 0), lines


def _write_reports(folder: Path, root: Path, outcomes: list[Outcome]) -> None:
    """Each handbook's report in its own text file, named after its folder (from the académie's:
    « college-a.txt », « bassin--college-d.txt »; « base.txt » for ../base)."""
    folder.mkdir(exist_ok=True)
    for outcome in outcomes:
        relative = Path(os.path.relpath(outcome.path, root)).as_posix()
        name = relative.replace("../", "").replace("/", "--")
        title = f"{outcome.name} ({relative}) : {outcome.said}"
        text = "\n".join([title, ""] + outcome.lines)
        draft = folder / f".{name}.txt.tmp"
        draft.write_text(text + "\n", encoding="utf-8")
        os.replace(draft, folder / f"{name}.txt")
