"""Everything the site contains, declared once: each output with the function that gives its
context.

An output is a page (a template and its context, pages.py) or a generated file (a function of its
context alone: the feeds, the search index's parts and main file, the year's dates for the
browser). Its key is made from its name and its context (build/keys.py); the build writes the
outputs in one loop (pipeline.write_files) and copies the static files beside them.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from dataclasses import dataclass, field

from handbook import urls
from handbook.model import Handbook
from handbook.read.load import CALENDAR_FILE
from handbook.site import search
from handbook.site.feeds import feed_paths
from handbook.site.pages import Page, shown_config, site_pages
from handbook.site.yeardata import calendar_data, calendar_script

FEEDS_SOURCE = f"les calendriers abonnables (faits depuis {CALENDAR_FILE})"
INDEX_SOURCE = "l'index de recherche"
CALENDAR_SOURCE = f"les dates de l'année pour les pages (faites depuis {CALENDAR_FILE})"


@dataclass(frozen=True)
class Generated:
    """Files made by a function of `context` alone: make(context) → site path → bytes. A stored
    output is also kept in the store (cache.py) by its key: one that is slow to make."""

    paths: tuple[str, ...]
    label: str
    make: Callable[[dict], dict[str, bytes]] = field(repr=False)
    context: dict = field(default_factory=dict, repr=False)
    stored: bool = False

    @property
    def name(self) -> tuple:
        return (self.paths, self.make.__module__, self.make.__qualname__)

    def source(self, templates: str) -> str:
        return self.label


Output = Page | Generated


def site_outputs(handbook: Handbook) -> list[Output]:
    """Every page and generated file of the site (the static files aside), in the order they are
    made: the feeds first (the slowest), the pages, then the rest."""
    calendar = calendar_view(handbook)
    parts = search.index_parts(handbook)
    return [
        Generated(
            tuple(feed_paths(handbook)), FEEDS_SOURCE, _feeds, {"calendar": calendar}, stored=True
        ),
        *(Generated((part.path,), INDEX_SOURCE, _index_part, {"part": part}) for part in parts),
        *site_pages(handbook),
        Generated(
            (urls.CALENDAR_SCRIPT,),
            CALENDAR_SOURCE,
            _calendar_script,
            {"calendar": calendar_data(handbook)},
        ),
        Generated(
            (search.INDEX_PATH,),
            INDEX_SOURCE,
            _index_main,
            {"calendar": calendar, "parts": [part.path for part in parts]},
        ),
    ]


def calendar_view(handbook: Handbook) -> Handbook:
    """The handbook as the calendar's outputs see it: without its guides and competences (they show
    none), and with the settings as pages see them (pages.shown_config)."""
    return dataclasses.replace(
        handbook, config=shown_config(handbook.config), guides={}, domains=()
    )


def _feeds(context: dict) -> dict[str, bytes]:
    from handbook.site.ical import feed_files  # icalendar is imported only when feeds are made

    return feed_files(context["calendar"])


def _index_part(context: dict) -> dict[str, bytes]:
    part = context["part"]
    return {part.path: search.part_script(part)}


def _calendar_script(context: dict) -> dict[str, bytes]:
    return {urls.CALENDAR_SCRIPT: calendar_script(context["calendar"])}


def _index_main(context: dict) -> dict[str, bytes]:
    return {search.INDEX_PATH: search.index_script(context["calendar"], context["parts"])}


def encoded(files: dict[str, bytes]) -> bytes:
    """Generated files as the store keeps them and worker processes send them: JSON, path → text."""
    made = {path: data.decode("utf-8") for path, data in files.items()}
    return json.dumps(made, ensure_ascii=False).encode("utf-8")


def decoded(value: object) -> dict[str, bytes]:
    """Generated files from their JSON value; raises on anything else (a damaged or planted
    entry)."""
    if not isinstance(value, dict) or not all(
        isinstance(path, str) and isinstance(text, str) for path, text in value.items()
    ):
        raise ValueError("not generated files")
    return {path: text.encode("utf-8") for path, text in value.items()}
