"""A role a school removes (« retirer: true ») leaves with what the base gave it alone: its tasks in
every period, the milestones reserved to it, and its name in the base's lists of roles (a
milestone's or a guide's « roles: »). The school's own items are left as written: one that still
names the role is an unknown role for the checks, which say so."""

from __future__ import annotations

import dataclasses
import hashlib

from handbook.merge.values import (
    is_mapping,
    items_of,
    located_list,
    mappings_in,
    overlaid,
    without,
)
from handbook.read.load import GuideFile
from handbook.read.located import LocatedDict, LocatedList

ROLES = "roles"


def removed_roles(base: object, merged: object) -> frozenset[str]:
    """The ids of the base's roles that are no longer in the merged calendar."""
    return frozenset(_role_ids(base) - _role_ids(merged))


def removals(roles: object, removed: frozenset[str]) -> dict[str, LocatedDict]:
    """The school's « retirer: true » of each removed role, by its id."""
    return {item["id"]: item for item in mappings_in(roles) if item.get("id") in removed}


def removed_role_message(role: str, removal: LocatedDict) -> str:
    """What a school's own tasks for a role it removed are told."""
    return (
        f"le rôle « {role} » est retiré ({removal.file}, ligne {removal.line}) : il n'a plus de "
        "tâches ; retirez aussi celles-ci, ou gardez le rôle"
    )


def _role_ids(calendar: object) -> set[str]:
    roles = calendar.get(ROLES) if is_mapping(calendar) else None
    if not isinstance(roles, LocatedList):
        return set()
    return {
        item.get("id") for item in roles if is_mapping(item) and isinstance(item.get("id"), str)
    }


def without_roles(calendar: LocatedDict, removed: frozenset[str]) -> LocatedDict:
    """The base's calendar without the tasks of the removed roles nor the milestones only for them;
    the other milestones without their names."""
    if not removed:
        return calendar
    kept = overlaid(calendar, LocatedDict(calendar.line, calendar.file))
    periods, milestones = calendar.get("periodes"), calendar.get("jalons")
    if isinstance(periods, LocatedList):
        kept["periodes"] = located_list(
            periods,
            [(_period(item, removed), line, file) for item, line, file in items_of(periods)],
        )
    if isinstance(milestones, LocatedList):
        kept["jalons"] = located_list(
            milestones,
            [
                (_named_without(item, removed), line, file)
                for item, line, file in items_of(milestones)
                if not _only_for(item, removed)
            ],
        )
    return kept


def _period(period: object, removed: frozenset[str]) -> object:
    tasks = period.get("taches") if is_mapping(period) else None
    if not is_mapping(tasks) or not removed & set(tasks):
        return period
    result = overlaid(period, LocatedDict(period.line, period.file))
    result["taches"] = without(tasks, removed)
    return result


def _only_for(item: object, removed: frozenset[str]) -> bool:
    """Whether the item is reserved to roles that are all removed."""
    roles = item.get(ROLES) if is_mapping(item) else None
    names = set(_names(roles))
    return bool(names) and names <= removed


def _named_without(item: object, removed: frozenset[str]) -> object:
    """The item with the removed roles taken out of its « roles: »."""
    roles = item.get(ROLES) if is_mapping(item) else None
    if not removed & set(_names(roles)):
        return item
    result = overlaid(item, LocatedDict(item.line, item.file))
    if isinstance(roles, LocatedList):
        result[ROLES] = located_list(
            roles, [entry for entry in items_of(roles) if _names([entry[0]])[0] not in removed]
        )
    else:
        result[ROLES] = LocatedList(item.line_of(ROLES), item.file_of(ROLES))
    return result


def _names(roles: object) -> list[str | None]:
    """The role names written (None for what is not a name: the checks say what is expected)."""
    if isinstance(roles, list):
        return [name.strip() if isinstance(name, str) else None for name in roles]
    return [roles.strip()] if isinstance(roles, str) else []


def guides_without_roles(
    guides: tuple[GuideFile, ...], removed: frozenset[str]
) -> tuple[GuideFile, ...]:
    """The base's guides with the removed roles taken out of their « roles: »."""
    if not removed:
        return guides
    return tuple(_guide_without(guide, removed) for guide in guides)


def _guide_without(guide: GuideFile, removed: frozenset[str]) -> GuideFile:
    front = _named_without(guide.front, removed)
    if front is guide.front:
        return guide
    said = " ".join(sorted(removed))
    digest = hashlib.sha1(f"{guide.digest} sans {said}".encode()).hexdigest()
    return dataclasses.replace(guide, front=front, digest=digest)
