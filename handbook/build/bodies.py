"""The guides' Markdown bodies, processed (markdown.py) once per version: each is taken from the
store when it was processed before, otherwise processed here, or by several processes when there are
many.

What a body gives depends only on its text, its first line, its guide's slug and whether slides are
wanted (the job): the guide's slug and the digest of its file, which holds all that, are its key in
the store, and a processed body travels as JSON: to the store, and back from the worker processes
(workers.py).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from handbook import urls
from handbook.build.cache import Store
from handbook.build.keys import entry_key
from handbook.build.workers import SharedWork
from handbook.model import Heading, Section, Slide
from handbook.read import markdown
from handbook.read.load import GuideFile
from handbook.read.located import LocatedDict
from handbook.read.references import Reference, WrittenDate

PARALLEL_FROM = (
    8  # bodies to process: below this, starting worker processes costs more than it saves
)
Prepared = TypeVar("Prepared")


@dataclass(frozen=True)
class BodyJob:
    text: str
    first_line: int
    slug: str
    slides: bool
    file_digest: str  # of the guide's whole file, which holds all the rest

    @property
    def key(self) -> str:
        return entry_key("markdown", self.slug, self.file_digest)


def job_for(guide: GuideFile) -> BodyJob | None:
    """What processing the guide's body takes; None when its front matter is unreadable (nothing to
    show)."""
    if not isinstance(guide.front, LocatedDict):
        return None
    slides = str(guide.front.get("format", "")).strip() == "diaporama"
    return BodyJob(guide.body, guide.body_line, urls.slugify(guide.name), slides, guide.digest)


def processed_bodies(
    jobs: dict[str, BodyJob], store: Store
) -> dict[str, markdown.RenderedMarkdown]:
    """Each job's processed body, under the job's name."""
    return processed_while(jobs, store, lambda: None)[0]


def processed_while(
    jobs: dict[str, BodyJob], store: Store, meanwhile: Callable[[], Prepared]
) -> tuple[dict[str, markdown.RenderedMarkdown], Prepared]:
    """processed_bodies, and what meanwhile() gave: this process runs it while other processes
    start on the bodies, then takes its share of those left."""
    bodies = {name: store.get(job.key, decode) for name, job in jobs.items()}
    missing = [job for name, job in jobs.items() if bodies[name] is None]
    if missing:
        markdown.parser()  # made once here, so that each worker process does not import it again
    work = SharedWork(process, missing, PARALLEL_FROM)
    try:
        prepared = meanwhile()
        for position, data in work:  # each kept as it comes, never all at once
            store.put(missing[position].key, data, decode)
    finally:
        work.close()
    bodies = {name: bodies[name] or store.get(job.key, decode) for name, job in jobs.items()}
    return bodies, prepared


def process(job: BodyJob) -> bytes:
    return encode(markdown.process(job.text, job.first_line, job.slug, job.slides))


def encode(body: markdown.RenderedMarkdown) -> bytes:
    # Each section's heading by its place, found by its anchor (unique): .index() was quadratic.
    position = {heading.anchor: index for index, heading in enumerate(body.headings)}
    value = {
        "headings": [[h.level, h.text, h.anchor] for h in body.headings],
        "links": [[link.href, link.line] for link in body.links],
        "body": body.body,
        "sections": [
            [None if s.heading is None else position[s.heading.anchor], s.text]
            for s in body.sections
        ],
        "slides": [[slide.cover, slide.html] for slide in body.slides],
        "references": [[r.text, r.line, r.kind, r.argument] for r in body.references],
        "written_dates": [[w.day.isoformat(), w.text, w.line] for w in body.written_dates],
    }
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def decode(value: dict) -> markdown.RenderedMarkdown:
    """A processed body from its JSON; raises on anything else (a damaged or planted entry)."""
    headings = tuple(_to_heading(item) for item in value["headings"])
    return markdown.RenderedMarkdown(
        headings,
        tuple(markdown.Link(_typed(href, str), _typed(line, int)) for href, line in value["links"]),
        _typed(value["body"], str),
        tuple(
            Section(None if index is None else headings[_typed(index, int)], _typed(text, str))
            for index, text in value["sections"]
        ),
        tuple(Slide(_typed(cover, bool), _typed(html, str)) for cover, html in value["slides"]),
        tuple(
            Reference(
                _typed(text, str), _typed(line, int), _typed(kind, str), _typed(argument, str)
            )
            for text, line, kind, argument in value["references"]
        ),
        tuple(
            WrittenDate(
                dt.date.fromisoformat(_typed(day, str)), _typed(text, str), _typed(line, int)
            )
            for day, text, line in value["written_dates"]
        ),
    )


def _to_heading(item: list) -> Heading:
    level, text, anchor = item
    return Heading(_typed(level, int), _typed(text, str), _typed(anchor, str))


def _typed(value, kind: type):
    if type(value) is not kind:
        raise ValueError(f"expected {kind.__name__}, found {type(value).__name__}")
    return value
