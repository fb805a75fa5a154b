"""The offline search index: guides, their sections, periods and tasks, shipped as a script file.

A script, not JSON fetched at run time, because browsers refuse fetch() on pages opened from disk.
Text is kept as written (for snippets); the browser folds accents and case when it searches.
"""
from __future__ import annotations

import json
from itertools import islice

from . import dates, urls
from .model import Handbook

INDEX_PATH = "recherche.js"


def search_entries(handbook: Handbook):
    for guide in handbook.guides.values():
        page = urls.guide_path(guide.slug)
        yield {"k": "Guide", "t": guide.title, "u": page, "x": guide.summary}
        for section in guide.sections:
            if section.heading:
                yield {"k": "Guide", "t": f"{guide.title} › {section.heading.text}",
                       "u": f"{page}#{section.heading.anchor}", "x": section.text}
    for period in handbook.periods:
        yield {"k": "Période", "t": period.title, "u": urls.period_path(period),
               "x": dates.date_range(period.start, period.end)}
        for role_tasks in period.tasks.values():
            for task in role_tasks:
                role = handbook.role(task.role_id)
                yield {"k": f"Tâche · {role.name} · {period.title}", "t": task.text,
                       "u": f"{urls.period_path(period)}#role-{role.id}", "x": ""}


def index_inputs(handbook: Handbook) -> str:
    """All the index is made from: guides (by their source's digest), periods and their tasks, roles."""
    return repr(([(guide.slug, guide.title, guide.summary, guide.digest) for guide in handbook.guides.values()],
                 handbook.calendar_digest))


def index_script(handbook: Handbook, batch: int = 512):
    """The index as a script, in pieces of `batch` entries, so a large site's index is never whole in memory."""
    yield b"window.GUIDE_PIX_RECHERCHE=["
    entries, separator = search_entries(handbook), b""
    while piece := list(islice(entries, batch)):
        yield separator + json.dumps(piece, ensure_ascii=False, separators=(",", ":"))[1:-1].encode("utf-8")
        separator = b","
    yield b"];\n"
