"""The content of a school that builds on bases: each layer's content folder as read (load.py),
merged from the farthest base to the school, in memory; the checks then see one content, whose
every value still names the layer's file and line that wrote it."""

from __future__ import annotations

import dataclasses

from handbook.merge.calendar import merged_calendar
from handbook.merge.divergences import Divergence
from handbook.merge.guides import merged_guides
from handbook.merge.roles import guides_without_roles, removed_roles
from handbook.problems import Report
from handbook.read.load import Content, YamlFile


def merged_content(
    layers: list[Content], report: Report, noted: list[Divergence] | None = None
) -> Content:
    """The school's content (the last layer) over its bases' (the farthest first); noted gets what
    each layer changes in the ones below it."""
    merged = layers[0]
    for own in layers[1:]:
        merged = _over(merged, own, report, [] if noted is None else noted)
    return merged


def _over(base: Content, own: Content, report: Report, noted: list[Divergence]) -> Content:
    calendar = base.calendar
    roles_removed = frozenset()
    if own.calendar.found:
        value = merged_calendar(base.calendar.value, own.calendar.value, report, noted)
        calendar = YamlFile(
            own.calendar.display,
            value,
            base.calendar.problems + own.calendar.problems,
            max(base.calendar.modified, own.calendar.modified),
        )
        roles_removed = removed_roles(base.calendar.value, value)
    base_guides = guides_without_roles(base.guides, roles_removed)
    guides, removed = merged_guides(base_guides, own.guides, report, noted)
    return dataclasses.replace(
        own,
        calendar=calendar,
        competences=own.competences or base.competences,
        guides=guides,
        files=base.files | own.files,
        modified=max(base.modified, own.modified),
        refused_files=base.refused_files + own.refused_files,
        removed_guides={**base.removed_guides, **removed},
    )
