"""python3 build.py origines [--config FICHIER]: a school's calendar and guides as merged over its
bases, each item with where it comes from (the base, the school, completed, changed, moved,
replaced) and the file and line that says so; then what the school removed."""

from __future__ import annotations

from pathlib import Path

from handbook.build.cache import Store
from handbook.build.pipeline import Cache, layered_content
from handbook.build.settings import load_config
from handbook.merge import divergences as said
from handbook.merge.divergences import Divergence
from handbook.merge.values import mappings_in
from handbook.problems import BuildFailed, Report, shown_path
from handbook.read.load import Content
from handbook.read.located import LocatedDict, LocatedList


def origins(config_path: Path) -> tuple[int, list[str], list]:
    """(exit code, lines to print, problems): the merged calendar and guides with their origins."""
    report = Report()
    try:
        config = load_config(config_path, report)
    except BuildFailed as failure:
        return 1, [], failure.report.errors
    cache = Cache(store=Store())
    content = layered_content(config, cache, report)
    noted: list[Divergence] = cache.divergences or []
    if report.errors:
        return 1, [], report.errors
    if not config.bases:
        return (
            0,
            [f"{config.display} ne part d'aucune base (option « base: ») : tout est à lui."],
            [],
        )
    bases = ", ".join(shown_path(base.path) for base in config.bases)
    lines = [f"{config.school} : calendrier et guides fusionnés avec la base ({bases})", ""]
    own = cache.content[-1]
    school_files = {own.calendar.display} | {guide.display for guide in own.guides}
    origin = _Origins(config.root, school_files, noted)
    lines += calendar_lines(content, origin) + [""] + guide_lines(content, origin)
    removed = [d for d in noted if d.action == said.REMOVED]
    if removed:
        lines += ["", "Retirés de la base :"]
        lines += [f"  {d.kind} {d.name} ({origin.shown(d.file)}, ligne {d.line})" for d in removed]
    return 0, lines, []


def calendar_lines(content: Content, origin: _Origins) -> list[str]:
    calendar = content.calendar.value
    if not isinstance(calendar, LocatedDict):
        return []
    lines = []
    for period in mappings_in(calendar.get("periodes")):
        number = period.get("numero")
        title = period.get("titre") or f"Période {number}"
        lines.append(
            f"{title} (du {period.get('debut')} au {period.get('fin')}) "
            f"{origin.of(period, 'période', str(number), 'debut')}"
        )
        by_role = period.get("taches")
        for role, listed in by_role.items() if isinstance(by_role, LocatedDict) else ():
            lines.append(f"  {role}")
            for position, task in enumerate(listed if isinstance(listed, LocatedList) else ()):
                lines.append(f"    {origin.task_line(task, listed, position)}")
    lines.append("Jalons")
    for milestone in mappings_in(calendar.get("jalons")):
        where = origin.of(milestone, "jalon", str(milestone.get("id")), "date")
        lines.append(f"  {milestone.get('date')} {milestone.get('titre')} {where}")
    return lines


class _Origins:
    """Where each item of the merged content comes from, its files named from the current folder."""

    def __init__(self, root: Path, school_files: set[str], noted: list[Divergence]):
        self.root, self.school_files = root, school_files
        # (kind, name) → what the school did to the base's item
        self.actions = {(d.kind, d.name): d for d in noted if d.action != said.REMOVED}

    def shown(self, file: str | None) -> str:
        return shown_path(self.root / (file or ""))

    def task_line(self, task: object, listed: LocatedList, position: int) -> str:
        if isinstance(task, LocatedDict):
            name = str(task.get("id") or task.get("texte"))
            return f"{task.get('texte')} {self.of(task, 'tâche', name, 'texte')}"
        return f"{task} {self.where(listed.file_at(position), listed.item_lines[position])}"

    def of(self, item: LocatedDict, kind: str, name: str, key: str) -> str:
        """« [base : …] », « [établissement : …] » or « [complétée : …] », with the file and line
        that says so."""
        found = self.actions.get((kind, name))
        if found is not None and found.action != said.ADDED:
            return f"[{found.done} : {self.shown(found.file)}, ligne {found.line}]"
        return self.where(item.file_of(key) or item.file, item.line)

    def where(self, file: str | None, line: int) -> str:
        layer = "établissement" if file in self.school_files else "base"
        return f"[{layer} : {self.shown(file)}, ligne {line}]"


def guide_lines(content: Content, origin: _Origins) -> list[str]:
    lines = ["Guides"]
    for guide in content.guides:
        found = origin.actions.get(("guide", guide.name))
        if found is not None and found.action != said.ADDED:
            lines.append(f"  {guide.name} [{found.action} : {origin.shown(found.file)}]")
        else:
            layer = "établissement" if guide.display in origin.school_files else "base"
            lines.append(f"  {guide.name} [{layer} : {origin.shown(guide.display)}]")
    return lines
