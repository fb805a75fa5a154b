"""nouvelle-annee: what the command tells once the plan is made."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from handbook.dates import long_date
from handbook.model import SchoolYear
from handbook.problems import command, shown_path
from handbook.read.config import CONFIG_FILE
from handbook.year.plan import Plan


def running_year_lines(result: Plan, today: dt.date) -> list[str]:
    """While the year being archived still runs (the next one prepared in December, say), what the
    site says until its last day."""
    running = SchoolYear.of(result.archive.name)
    if today > running.last_day:
        return []
    until = f"L'année {running.label} dure jusqu'au {long_date(running.last_day)} : jusque-là,"
    if running.following.label != result.label:
        return [
            f"{until} « En ce moment » (page d'accueil) dira que l'année {result.label} n'a pas "
            "encore commencé.",
            "",
        ]
    return [
        f"{until} « En ce moment » (page d'accueil et menu de chaque page) parle d'elle, "
        f"d'après sa copie dans {shown_path(result.archive)}, et la page « Années précédentes » "
        "la dit en cours ; le reste du site (périodes, listes à cocher, affiches, agendas) montre "
        f"{result.label} dès la prochaine construction.",
        "",
    ]


def report_lines(result: Plan, dry_run: bool, today: dt.date | None = None) -> list[str]:
    year = result.year
    zone = f"zone {year.zone}" if year.zone else f"vacances de {year.source}"
    lines = [
        f"Année {result.label} ({zone}) : rentrée le {long_date(year.rentree)}.",
        "",
        "Dates déplacées :"
        if not result.base
        else "Dates propres à l'établissement déplacées (les autres viennent de la base, "
        f"{result.base}) :",
    ]
    for move in result.moves:
        lines.append(f"  {move.what} : {long_date(move.old)} → {long_date(move.new)}")
    if result.base and not result.moves:
        lines.append("  aucune : toutes ses dates viennent de la base")
    if result.gaps:
        lines += ["", "Écarts entre périodes :"] + [f"  {said}" for said in result.gaps]
    lines += ["", "À confirmer :" if result.to_confirm else "Rien à confirmer."]
    for move in result.to_confirm:
        lines.append(
            f"  {move.what} : {long_date(move.new)} (au lieu du {long_date(move.old)})"
            + (f" ; {move.note}" if move.note else "")
        )
    lines += [
        "",
        f"Guides à relire pour {result.label} :"
        if result.guides_to_review
        else "Aucun guide à relire.",
    ]
    lines += [f"  {guide}" for guide in result.guides_to_review]
    lines.append("")
    lines += running_year_lines(result, today or dt.date.today())
    if dry_run:
        lines.append("Aperçu seulement (--dry-run) : rien n'a été écrit.")
    else:
        lines.append(
            f"Année précédente copiée dans {shown_path(result.archive)} (elle reste lisible "
            "dans le site, page « Années précédentes »)."
        )
        lines.append(
            "Nouveau calendrier écrit. Relisez-le, puis construisez le site : "
            + build_command(result.config)
        )
    return lines


def build_command(config: Path | None, arguments: str = "") -> str:
    """The command (by default, the one that builds the site) for this configuration, from the
    current folder: --config named unless it is the current folder's."""
    if config is None or config.resolve() == (Path.cwd() / CONFIG_FILE).resolve():
        return command(arguments)
    return command(f"{arguments} --config {shown_path(config)}".strip())
