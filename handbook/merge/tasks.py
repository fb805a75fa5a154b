"""The base's tasks as a school's calendar meets them: those with an id, which a school can change,
and those without, which it can only add beside (merge/calendar.py)."""

from __future__ import annotations

from dataclasses import dataclass, field

from handbook.merge.values import is_mapping, items_of
from handbook.read.located import LocatedDict, LocatedList


@dataclass(frozen=True)
class BaseTask:
    period: object  # the period's « numero »
    role: object
    item: LocatedDict


REMOVED = object()


@dataclass
class Changes:
    in_place: dict[int, object] = field(default_factory=dict)  # id(base item) → entry or REMOVED
    added: dict[tuple[object, object], list] = field(default_factory=dict)  # moved in, or new


def base_tasks(periods: LocatedList) -> dict[object, BaseTask]:
    """The base's tasks that have an id, by id."""
    found = {}
    for period in periods:
        by_role = period.get("taches") if is_mapping(period) else None
        if not is_mapping(by_role):
            continue
        for role, listed in by_role.items():
            for item in listed if isinstance(listed, LocatedList) else ():
                if is_mapping(item) and item.get("id") is not None:
                    found.setdefault(item["id"], BaseTask(period.get("numero"), role, item))
    return found


def unnamed_tasks(periods: LocatedList) -> dict[str, tuple[str, int]]:
    """The base's tasks without id: their text → their file and line."""
    found = {}
    for period in periods:
        by_role = period.get("taches") if is_mapping(period) else None
        for listed in by_role.values() if is_mapping(by_role) else ():
            for item, line, file in items_of(listed) if isinstance(listed, LocatedList) else ():
                text = item.get("texte") if is_mapping(item) else item
                if isinstance(text, str) and not (is_mapping(item) and item.get("id") is not None):
                    found.setdefault(text.strip(), (file or "", line))
    return found
