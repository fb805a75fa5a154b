"""python build.py nouvelle-annee AAAA-AAAA: next year's calendar from this year's, the holidays
of both years. The command: the plan (plan.py: dates moved by moves.py, files rewritten by
rewrite.py), written all or nothing by sources.py, then the report (report.py)."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from handbook.build.settings import load_config
from handbook.model import Config
from handbook.problems import BuildFailed, Report, shown, system_reason
from handbook.read.files import display_path
from handbook.year import COMMAND
from handbook.year.based import based_plan
from handbook.year.plan import THROUGH_LINK, Plan, misused, plan, safe_targets
from handbook.year.report import build_command, report_lines
from handbook.year.rewrite import targets
from handbook.year.sources import (
    JOURNAL,
    finish_interrupted,
    interrupted_changes,
    read_back,
    remove_staged,
    replace_sources,
)


def prepare(
    config_path: Path,
    label: str,
    dry_run: bool,
    content: Path | None = None,
    today: dt.date | None = None,
    step=None,
    closing: str | None = None,
    rehearsal: bool = False,
) -> tuple[int, list[str]]:
    """Run the command: (exit code, lines to print). `step` is called before each change on the
    disk (the tests stop the process there, step by step). closing: for a school with a base, the
    year being closed (year/based.py). rehearsal: written (on a copy) but told as a dry run."""
    report = Report()
    steps = {"step": step} if step else {}
    try:
        if Path(config_path).absolute().is_symlink():
            report.error(
                str(config_path),
                None,
                None,
                THROUGH_LINK.format(target=os.path.realpath(config_path)),
            )
            raise BuildFailed(report)
        config = load_config(config_path, report, content)
        journal = config.content_dir / JOURNAL
        interrupted = interrupted_changes(journal)
        if interrupted is not None:
            return _finished(config, journal, interrupted, label, dry_run, steps)
        if not dry_run and not config.bases:
            remove_staged(targets(config), journal)  # left by a run stopped before its journal
        if config.bases:
            result = based_plan(config, label, report, closing)
            if result is not None and not dry_run:
                remove_staged([change.path for change in result.changes], journal)
        else:
            result = plan(config, label, report)
    except BuildFailed:
        result = None
    except OSError as error:
        report.error(
            display_path(Path(error.filename or config_path), Path.cwd()),
            None,
            None,
            f"lecture impossible ({system_reason(error)})",
        )
        result = None
    if result is None:
        return 2 if misused(label) else 1, _failure(report, Path(config_path).absolute().parent)
    if dry_run:
        return 0, report_lines(result, dry_run, today)
    return _written(result, config, journal, steps, today, rehearsal)


def _written(
    result: Plan,
    config: Config,
    journal: Path,
    steps: dict,
    today: dt.date | None,
    rehearsal: bool = False,
) -> tuple[int, list[str]]:
    """Write the plan's files, read them back: (exit code, lines to print)."""
    try:
        replace_sources(list(result.changes), journal, result.label, **steps)
    except OSError as error:
        if interrupted_changes(journal) is None:  # undone: nothing changed
            report = Report()
            report.error(
                _where(error, config),
                None,
                None,
                f"écriture impossible ({system_reason(error)}) ; corrigez les droits du "
                "dossier, puis relancez",
            )
            return 1, _failure(report, config.root)
        return 1, _unfinished(error, config, result.label)
    wrong = read_back(list(result.changes))
    if wrong:
        return 1, [
            f"ERREUR  {display_path(path, config.root)} : relu après l'écriture, le "
            "fichier n'a pas le texte écrit (un autre programme l'a-t-il modifié ?) ; "
            "vérifiez-le avant de construire le site"
            for path in wrong
        ] + ["Échec : l'année n'a peut-être pas été entièrement préparée."]
    return 0, report_lines(result, rehearsal, today)


def _failure(report: Report, root: Path) -> list[str]:
    """The errors in order, their files named from the current folder (root: the project folder)."""
    return [f"ERREUR  {problem}" for problem in shown(report.errors, root)] + [
        "Échec : rien n'a été écrit."
    ]


def _where(error: OSError, config: Config) -> str:
    return display_path(Path(error.filename or config.content_dir), config.root)


def _unfinished(error: OSError, config: Config, label: str) -> list[str]:
    return [
        f"ERREUR  {_where(error, config)} : écriture impossible ({system_reason(error)}) ; le "
        "changement d'année est commencé : une fois le problème réglé, relancez la commande "
        f"pour le terminer : {build_command(config.path, f'{COMMAND} {label}')}",
        "Échec : l'année n'est pas encore entièrement préparée.",
    ]


def _finished(config: Config, journal: Path, interrupted, label: str, dry_run: bool, steps: dict):
    """Complete a run that was stopped while it replaced the files (its journal says what was left
    to do): (exit code, lines to print)."""
    before, changes = interrupted
    if dry_run:
        return 1, [
            f"ERREUR  la commande « {COMMAND} {before} » a été interrompue avant la fin ; "
            "relancez-la sans --dry-run pour la terminer : "
            f"{build_command(config.path, f'{COMMAND} {before}')}",
            "Échec : rien n'a été écrit.",
        ]
    report = Report()
    if not safe_targets(config, [change.path for change in changes], report):
        return 1, _failure(report, config.root)
    try:
        changed = finish_interrupted(journal, **steps)
    except OSError as error:
        return 1, _unfinished(error, config, before)
    if changed:
        return 1, [
            f"ERREUR  {display_path(path, config.root)} : la commande « {COMMAND} "
            f"{before} », interrompue, ne peut pas être terminée : ce fichier a été "
            "modifié depuis ; remettez-le comme avant ou finissez le changement d'année à "
            "la main"
            for path in changed
        ] + ["Échec : la commande interrompue n'a pas été terminée."]
    done = [
        f"La commande « {COMMAND} {before} », interrompue avant la fin, a été terminée : "
        f"l'année {before} est prête. Relisez le calendrier, puis construisez le site : "
        f"{build_command(config.path)}"
    ]
    if label.strip() == before:
        return 0, done
    return 1, done + [
        f"ERREUR  {COMMAND} : rien d'autre n'a été fait ; relancez la commande pour "
        f"préparer {label.strip() or 'une autre année'} si c'est encore voulu"
    ]
