"""The offline search index: guides, their sections, periods and tasks, shipped as script files.

Scripts, not JSON fetched at run time, because browsers refuse fetch() on pages opened from disk.
The guides' entries come in parts of GUIDES_PER_PART guides, each its own file: an edited guide
rewrites one small part, not the whole index, and parts are made on several processes like pages.
The main file holds the periods and tasks and lists the parts, which site.js loads at the first
search. Text is kept as written (for snippets); the browser folds accents and case when it searches.
An entry's "r" lists the roles it is for (a guide's readers, a task's role), put first for a reader
who chose their role.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache

from handbook import dates, urls
from handbook.model import Guide, Handbook
from handbook.site.typography import french

INDEX_PATH = urls.SEARCH_INDEX


def guide_entries(guide: Guide) -> list[dict]:
    page = urls.guide_path(guide.slug)
    roles = list(guide.roles)
    entries = [{"k": "Guide", "t": guide.title, "u": page, "x": guide.summary, "r": roles}]
    for section in guide.sections:
        if section.heading:
            entries.append(
                {
                    "k": "Guide",
                    "t": f"{guide.title} › {section.heading.text}",
                    "u": f"{page}#{section.heading.anchor}",
                    "x": section.text,
                    "r": roles,
                }
            )
    return entries


def calendar_entries(handbook: Handbook):
    for period in handbook.periods:
        yield {
            "k": "Période",
            "t": period.title,
            "u": urls.period_path(period),
            "x": dates.date_range(period.start, period.end),
        }
        for role_tasks in period.tasks.values():
            for task in role_tasks:
                role = handbook.role(task.role_id)
                yield {
                    "k": f"Tâche · {role.name} · {period.title}",
                    "t": task.text,
                    "u": f"{urls.period_path(period)}#{urls.role_anchor(role)}",
                    "x": "",
                    "r": [role.id],
                }


GUIDES_PER_PART = 100


@dataclass(frozen=True)
class IndexPart:
    number: int
    path: str
    guides: tuple[Guide, ...]


def index_parts(handbook: Handbook) -> list[IndexPart]:
    guides = tuple(handbook.guides.values())
    return [
        IndexPart(number, urls.search_part_path(number), guides[start : start + GUIDES_PER_PART])
        for number, start in enumerate(range(0, len(guides), GUIDES_PER_PART), 1)
    ]


def part_script(part: IndexPart) -> bytes:
    entries = b",".join(_guide_encoded(guide) for guide in part.guides)
    return (
        b"(window.GUIDE_PIX_RECHERCHE_PARTIES=window.GUIDE_PIX_RECHERCHE_PARTIES||{})[%d]=[%s];\n"
        % (part.number, entries)
    )


def index_script(handbook: Handbook, parts: list[str]) -> bytes:
    """The main file: the parts to load (their paths from the site's root) and the periods' and
    tasks' entries."""
    entries = [_shown(entry) for entry in calendar_entries(handbook)]
    value = {"parties": parts, "entrees": entries}
    return (
        b"window.GUIDE_PIX_RECHERCHE="
        + json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()
        + b";\n"
    )


# A pure function of the guide: serve remakes a part of the index for each edited guide, and the
# other guides in it are the same (their entries made again took ~6 ms of each rebuild). A part
# holds 100 guides: 256 entries keep a rebuilt part's, without holding a 10,000-guide site's.
@lru_cache(maxsize=256)
def _guide_encoded(guide: Guide) -> bytes:
    return _encoded(guide_entries(guide))


def _encoded(entries: list[dict]) -> bytes:
    """Entries as JSON array items, without the brackets."""
    shown = [_shown(entry) for entry in entries]
    return json.dumps(shown, ensure_ascii=False, separators=(",", ":"))[1:-1].encode("utf-8")


def _shown(entry: dict) -> dict:
    """An entry with French spaces in the texts a search result shows (the browser splits a query on
    any space, the no-break ones included)."""
    return {key: french(value) if key in ("k", "t", "x") else value for key, value in entry.items()}
