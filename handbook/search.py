"""The offline search index: guides, their sections, periods and tasks, shipped as a script file.

A script, not JSON fetched at run time, because browsers refuse fetch() on pages opened from disk.
Text is kept as written (for snippets); the browser folds accents and case when it searches.
"""
from __future__ import annotations

import json
from functools import partial

from . import dates, urls
from .model import Guide, Handbook

INDEX_PATH = urls.SEARCH_INDEX


def guide_entries(guide: Guide) -> list[dict]:
    page = urls.guide_path(guide.slug)
    entries = [{"k": "Guide", "t": guide.title, "u": page, "x": guide.summary}]
    for section in guide.sections:
        if section.heading:
            entries.append({"k": "Guide", "t": f"{guide.title} › {section.heading.text}",
                            "u": f"{page}#{section.heading.anchor}", "x": section.text})
    return entries


def calendar_entries(handbook: Handbook):
    for period in handbook.periods:
        yield {"k": "Période", "t": period.title, "u": urls.period_path(period),
               "x": dates.date_range(period.start, period.end)}
        for role_tasks in period.tasks.values():
            for task in role_tasks:
                role = handbook.role(task.role_id)
                yield {"k": f"Tâche · {role.name} · {period.title}", "t": task.text,
                       "u": f"{urls.period_path(period)}#{urls.role_anchor(role)}", "x": ""}


def index_inputs(handbook: Handbook) -> str:
    """All the index is made from: guides (by their slug and their source's digest, which covers their text),
    periods and their tasks, roles."""
    return repr(([(guide.slug, guide.digest) for guide in handbook.guides.values()], handbook.calendar_digest))


def index_script(handbook: Handbook, kept: dict[tuple[str, ...], bytes] | None = None):
    """The index as a script, in pieces, so a large site's index is never whole in memory.

    kept: each guide's entries, encoded, by (slug, digest of its file), and the calendar's by its digest, from
    the previous builds of a serve session; updated to this build's. None: nothing is kept (a one-off build).
    """
    yield b"window.GUIDE_PIX_RECHERCHE=["
    fresh: dict[tuple[str, ...], bytes] = {}
    parts = [((guide.slug, guide.digest), partial(guide_entries, guide)) for guide in handbook.guides.values()]
    parts.append((("calendrier", handbook.calendar_digest), lambda: list(calendar_entries(handbook))))
    separator = b""
    for key, entries in parts:
        encoded = kept.get(key) if kept is not None else None
        if encoded is None:
            encoded = _encoded(entries())
        if kept is not None:
            fresh[key] = encoded
        if encoded:
            yield separator
            yield encoded
            separator = b","
    yield b"];\n"
    if kept is not None:
        kept.clear()
        kept.update(fresh)


def _encoded(entries: list[dict]) -> bytes:
    """Entries as JSON array items, without the brackets."""
    return json.dumps(entries, ensure_ascii=False, separators=(",", ":"))[1:-1].encode("utf-8")
