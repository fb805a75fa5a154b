"""The académie's report: per school, built or failed, its errors and warnings, how it diverges from
its base, and what changed for it in the base since the previous report; across schools, the base's
items most often replaced or removed. Written as a page (templates/rapport-academie.html) and as
JSON (rapport.json), which the next run reads back (plain JSON, checked, never executed)."""

from __future__ import annotations

import hashlib
import json
import posixpath
from collections import Counter
from dataclasses import asdict, dataclass

from handbook import urls
from handbook.merge import divergences as said
from handbook.merge.divergences import Divergence, agreed, digest_of
from handbook.merge.values import mappings_in
from handbook.read.load import Content
from handbook.read.located import LocatedDict

REPORT_JSON = "rapport.json"
REPORT_PAGE = "index.html"
TEMPLATE = "rapport-academie.html"
FORMAT = 2  # of rapport.json


@dataclass(frozen=True)
class SchoolOutcome:
    folder: str  # as academie.yaml lists it
    name: str  # « etablissement », or the folder when its configuration cannot be read
    built: bool
    output: str  # where its site is
    errors: tuple[str, ...]
    warnings: tuple[str, ...]
    divergences: tuple[Divergence, ...]
    base_items: dict[str, str]  # « tâche a » → digest: the base as this school saw it
    since: tuple[str, ...] = ()  # what changed for it in the base since the previous report


@dataclass(frozen=True)
class Hotspot:
    """A base item that schools replace, change or remove."""

    item: str  # « guide certification »
    action: str
    schools: int

    @property
    def done(self) -> str:
        return agreed(self.action, self.item.split(" ", 1)[0])


def base_items(layers: tuple[Content, ...]) -> dict[str, str]:
    """The items of a school's bases (every layer but its own) that a school can change, each with
    the digest of what the base says: tasks, milestones and periods of the calendars, guides."""
    items: dict[str, str] = {}
    for layer in layers[:-1]:
        calendar = layer.calendar.value
        if isinstance(calendar, LocatedDict):
            items.update(_calendar_items(calendar))
        items.update({f"guide {guide.name}": guide.digest[:12] for guide in layer.guides})
    return items


def _calendar_items(calendar: LocatedDict) -> dict[str, str]:
    items = {}
    for milestone in mappings_in(calendar.get("jalons")):
        items[f"jalon {milestone.get('id')}"] = digest_of(milestone)
    for period in mappings_in(calendar.get("periodes")):
        items[f"période {period.get('numero')}"] = digest_of(
            {key: value for key, value in period.items() if key != "taches"}
        )
        by_role = period.get("taches")
        for listed in by_role.values() if isinstance(by_role, LocatedDict) else ():
            for task in mappings_in(listed):
                if task.get("id") is not None:
                    items[f"tâche {task['id']}"] = digest_of(task)
    return items


def since_previous(outcome: SchoolOutcome, previous: dict | None) -> tuple[str, ...]:
    """What changed for the school in its base since the previous report: the base's new items,
    and the base items it completed, replaced or changed whose base text has changed."""
    if previous is None:
        return ()
    before = previous.get("base_items", {})
    if not isinstance(before, dict) or not before:
        return ()
    now = outcome.base_items
    lines = [f"nouveau dans la base : {item}" for item in now if item not in before]
    lines += [f"retiré de la base : {item}" for item in before if item not in now]
    for divergence in outcome.divergences:
        item = f"{divergence.kind} {divergence.name}"
        if divergence.action == said.ADDED or item not in now or item not in before:
            continue
        if now[item] != before[item]:
            lines.append(
                f"la base a changé {item}, que cet établissement a {divergence.done} "
                f"({divergence.file}, ligne {divergence.line}) : relisez les deux"
            )
    return tuple(lines)


def hotspots(outcomes: list[SchoolOutcome]) -> list[Hotspot]:
    """The base's items most often replaced, changed or removed, most schools first."""
    counted = Counter(
        (f"{divergence.kind} {divergence.name}", divergence.action)
        for outcome in outcomes
        for divergence in set(outcome.divergences)
        if divergence.action in (said.REPLACED, said.REMOVED, said.CHANGED, said.COMPLETED)
    )
    return [
        Hotspot(item, action, schools)
        for (item, action), schools in sorted(counted.items(), key=lambda pair: (-pair[1], pair[0]))
    ]


def outcome_bytes(outcome: SchoolOutcome) -> bytes:
    """A school's outcome as it travels from a worker process (JSON, our own)."""
    return json.dumps(asdict(outcome), ensure_ascii=False).encode("utf-8")


def outcome_of(data: bytes) -> SchoolOutcome:
    value = json.loads(data)
    value["divergences"] = tuple(Divergence(**item) for item in value["divergences"])
    for key in ("errors", "warnings", "since"):
        value[key] = tuple(value[key])
    return SchoolOutcome(**value)


def items_key(items: dict[str, str]) -> str:
    """A short name for a base's items: the schools of one base share them, in memory and in
    rapport.json, whatever their number."""
    return hashlib.sha1(repr(sorted(items.items())).encode()).hexdigest()[:12]


def report_json(outcomes: list[SchoolOutcome]) -> bytes:
    value = {
        "format": FORMAT,
        "etablissements": [_school_json(outcome) for outcome in outcomes],
        "points_chauds": [asdict(hotspot) for hotspot in hotspots(outcomes)],
        "bases": {items_key(o.base_items): o.base_items for o in outcomes if o.base_items},
    }
    return (json.dumps(value, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def _school_json(outcome: SchoolOutcome) -> dict:
    return {
        "dossier": outcome.folder,
        "etablissement": outcome.name,
        "construit": outcome.built,
        "sortie": outcome.output,
        "erreurs": list(outcome.errors),
        "avertissements": list(outcome.warnings),
        "ecarts": [
            {
                "action": d.action,
                "element": f"{d.kind} {d.name}",
                "fichier": d.file,
                "ligne": d.line,
            }
            for d in outcome.divergences
        ],
        "depuis_le_precedent": list(outcome.since),
        "base": items_key(outcome.base_items) if outcome.base_items else None,
    }


def _site_link(folder: str, output: str) -> str | None:
    """The link from the report's page to a school's site, both in the académie's folder."""
    if output.startswith(("../", "/")) or folder.startswith(("../", "/")):
        return None
    return urls.relative(f"{folder}/{REPORT_PAGE}", f"{output}/index.html")


def previous_schools(data: bytes | None) -> dict[str, dict]:
    """The previous report's schools by folder; {} when there is none or it is not ours."""
    if not data:
        return {}
    try:
        value = json.loads(data)
    except ValueError:
        return {}
    if not isinstance(value, dict) or value.get("format") != FORMAT:
        return {}
    schools, bases = value.get("etablissements"), value.get("bases")
    if not isinstance(schools, list) or not isinstance(bases, dict):
        return {}
    return {
        school["dossier"]: {**school, "base_items": bases.get(school.get("base"), {})}
        for school in schools
        if isinstance(school, dict) and isinstance(school.get("dossier"), str)
    }


def report_context(outcomes: list[SchoolOutcome], seconds: float, folder: str) -> dict:
    """What templates/rapport-academie.html is given; folder: the report's, from the académie's."""
    return {
        "schools": outcomes,
        "links": {outcome.folder: _site_link(folder, outcome.output) for outcome in outcomes},
        "files": {
            (outcome.folder, d.file): posixpath.normpath(f"{outcome.folder}/{d.file}")
            for outcome in outcomes
            for d in outcome.divergences
        },
        "built": sum(outcome.built for outcome in outcomes),
        "failed": sum(not outcome.built for outcome in outcomes),
        "hotspots": hotspots(outcomes),
        "seconds": f"{seconds:.1f}".replace(".", ","),
    }
