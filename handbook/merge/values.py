"""Located values put together from two layers: each field and each item keeps the file and line
that wrote it; the layers' own values are never changed."""

from __future__ import annotations

from handbook.read.located import LocatedDict, LocatedList


def overlaid(base: LocatedDict, school: LocatedDict, skip=()) -> LocatedDict:
    """The base's mapping with the school's fields over it, each with its own file and line."""
    merged = LocatedDict(base.line, base.file)
    merged.key_files = {}
    for mapping in (base, school):
        for key, value in mapping.items():
            if mapping is school and key in skip:
                continue
            merged[key] = value
            merged.key_lines[key] = mapping.line_of(key)
            merged.key_files[key] = mapping.file_of(key) or ""
    return merged


def without(mapping: LocatedDict, keys) -> LocatedDict:
    """The mapping without those keys, each other key with its own file and line."""
    kept = LocatedDict(mapping.line, mapping.file)
    kept.key_files = {}
    for key, value in mapping.items():
        if key not in keys:
            kept[key] = value
            kept.key_lines[key] = mapping.line_of(key)
            kept.key_files[key] = mapping.file_of(key) or ""
    return kept


def located_list(like: LocatedList, items: list[tuple[object, int, str | None]]) -> LocatedList:
    """A list of (value, line, file) items, in that order."""
    result = LocatedList(like.line, like.file)
    result.item_files = {}
    for position, (value, line, file) in enumerate(items):
        result.append(value)
        result.item_lines.append(line)
        if file != like.file:
            result.item_files[position] = file or ""
    return result


def items_of(value: LocatedList) -> list[tuple[object, int, str | None]]:
    return [
        (item, line, value.file_at(position))
        for position, (item, line) in enumerate(zip(value, value.item_lines))
    ]


def is_mapping(value: object) -> bool:
    return isinstance(value, LocatedDict)


def mappings_in(value: object) -> list[LocatedDict]:
    """The mappings of a located list (its other items aside); [] for anything else."""
    if not isinstance(value, LocatedList):
        return []
    return [item for item in value if isinstance(item, LocatedDict)]
