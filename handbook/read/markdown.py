"""Guides' Markdown, turned once into everything the site shows of it (markdown-it-py).

Raw HTML is off (several staff edit the guides), so tags show as text; markdown-it-py already
refuses javascript:, vbscript: and data: links. Headings get anchors; links to other guides are
written as relative .md paths in the source and become links to the built pages.

A body is shown twice: on the guide's own page, and on the page that gathers every guide to print,
where ids are prefixed with the guide's slug and links to guides point inside that page. It is
rendered once, with marks where the two differ, which page_html and printed_html resolve with a
plain replacement. The result depends only on the text, so it can be computed in worker processes
and cached.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import unquote, urlsplit

from handbook import urls
from handbook.model import Heading, Section, Slide
from handbook.read import references

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing
if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token


@dataclass(frozen=True, slots=True)
class Link:
    href: str
    line: int


@dataclass(frozen=True, slots=True)
class RenderedMarkdown:
    headings: tuple[Heading, ...]
    links: tuple[Link, ...]
    body: str  # HTML with marks, for both pages (page_html, printed_html)
    sections: tuple[Section, ...]  # for the search index
    slides: tuple[Slide, ...]  # only when asked for
    references: tuple[
        references.Reference, ...
    ] = ()  # calendar references in the source, with their lines
    written_dates: tuple[references.WrittenDate, ...] = ()  # calendar-like dates written in full


_parser: MarkdownIt | None = None


def parser() -> MarkdownIt:
    """The one parser, made on first use: a build that takes every processed body from the store
    (.cache/) does not import markdown-it-py at all (35 to 45 ms of a cold build)."""
    global _parser
    if _parser is None:
        from markdown_it import MarkdownIt

        _parser = MarkdownIt("commonmark", {"html": False}).enable("table")
        _parser.add_render_rule("link_open", _render_link_open)
        _parser.add_render_rule("heading_open", _render_heading_open)
    return _parser


def process(text: str, first_line: int, slug: str, with_slides: bool = False) -> RenderedMarkdown:
    """Everything the site needs from the body of guide `slug`, whose first line is line first_line
    of its file."""
    tokens = parser().parse(text)
    headings = _add_heading_anchors(tokens)
    links = tuple(
        Link(str(child.attrGet("href")), token.map[0] + first_line if token.map else first_line)
        for token in tokens
        if token.type == "inline"
        for child in token.children or ()
        if child.type == "link_open"
    )
    page = urls.guide_path(slug)
    slides = (
        tuple(
            Slide(index == 0 and run[0].tag != "h2", page_html(_render(list(run), page)))
            for index, run in enumerate(_slide_runs(tokens))
        )
        if with_slides
        else ()
    )
    return RenderedMarkdown(
        tuple(headings),
        links,
        _render(tokens, page),
        tuple(_sections(tokens, headings)),
        slides,
        *references.scan(text, first_line),
    )


def _render(tokens: list[Token], page: str) -> str:
    return parser().renderer.render(tokens, parser().options, {"page": page})


# Marks in a rendered body, all made with NUL, which markdown-it-py turns into U+FFFD wherever a
# guide holds one: where a printed id gets the guide's slug as prefix, and a link to a guide,
# written for both pages at once: « NUL( address on the guide's page NUL| slug of the guide NUL# its
# printed anchor NUL) ».
_PRINTED_PREFIX = "\x00-"
_GUIDE_LINK = re.compile("\x00\\(([^\x00]*)\x00\\|([^\x00]*)\x00#([^\x00]*)\x00\\)")


def _guide_link(on_page: str, slug: str, anchor: str) -> str:
    return f"\x00({on_page}\x00|{slug}\x00#{urls.printed_anchor(slug, anchor)}\x00)"


def page_html(body: str) -> str:
    """A rendered body as the guide's own page shows it."""
    return _GUIDE_LINK.sub(r"\1", body).replace(_PRINTED_PREFIX, "")


def printed_html(body: str, slug: str, elsewhere: Mapping[str, str]) -> str:
    """A rendered body as the pages that gather every guide to print show it; elsewhere: the address
    of the part that holds a linked guide, for those that are not on this one."""

    def printed_link(match: re.Match) -> str:
        return f"{elsewhere.get(match.group(2), '')}#{match.group(3)}"

    return _GUIDE_LINK.sub(printed_link, body).replace(_PRINTED_PREFIX, urls.printed_prefix(slug))


def _add_heading_anchors(tokens: list[Token]) -> list[Heading]:
    headings: list[Heading] = []
    used: set[str] = set()
    counters: dict[str, int] = {}  # the number to try next for each base: n headings alike cost n
    for index, token in enumerate(tokens):
        if token.type != "heading_open":
            continue
        text = inline_text(tokens[index + 1])
        base = urls.slugify(text) or "section"
        anchor, counter = base, counters.get(base, 2)
        while anchor in used:
            anchor, counter = f"{base}-{counter}", counter + 1
        counters[base] = counter
        used.add(anchor)
        token.attrSet("id", anchor)
        headings.append(Heading(int(token.tag[1]), text, anchor))
    return headings


def inline_text(token: Token) -> str:
    """The words of an inline token, line breaks as spaces, markup dropped."""
    return "".join(
        " " if child.type in ("softbreak", "hardbreak") else child.content
        for child in token.children or ()
        if child.type in ("text", "code_inline", "softbreak", "hardbreak")
    )


def _sections(tokens: list[Token], headings: list[Heading]) -> list[Section]:
    """The text under each level-2 or level-3 heading (None heads the text before any heading)."""
    result: list[tuple[Heading | None, list[str]]] = [(None, [])]
    following = iter(headings)
    for index, token in enumerate(tokens):
        heading = next(following) if token.type == "heading_open" else None
        if heading and heading.level in (2, 3):
            result.append((heading, []))
        elif token.type == "inline" and not (index and tokens[index - 1].type == "heading_open"):
            result[-1][1].append(inline_text(token))
    return [
        Section(heading, " ".join(parts).strip()) for heading, parts in result if heading or parts
    ]


def _slide_runs(tokens: list[Token]) -> list[list[Token]]:
    """Token runs that each start at a level-2 heading (the first run is what comes before any)."""
    runs: list[list[Token]] = [[]]
    for token in tokens:
        if token.type == "heading_open" and token.tag == "h2":
            runs.append([])
        runs[-1].append(token)
    return [run for run in runs if run]


@lru_cache(maxsize=65536)
def guide_slug_of(href: str) -> tuple[str, str] | None:
    """(slug, anchor) when href links to a guide's source (« autre-guide.md#etapes »), else None."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or not parts.path.endswith(".md"):
        return None
    name = posixpath.basename(unquote(parts.path))[:-3]
    return urls.slugify(name), parts.fragment


@lru_cache(maxsize=65536)
def is_local_file(href: str) -> bool:
    parts = urlsplit(href)
    return (
        not parts.scheme
        and not parts.netloc
        and bool(parts.path)
        and not parts.path.endswith(".md")
    )


def _render_link_open(self, tokens, index, options, env):
    href = str(tokens[index].attrGet("href"))
    target = guide_slug_of(href)
    if target:
        slug, anchor = target
        href = _guide_link(
            urls.relative(env["page"], urls.guide_path(slug) + (f"#{anchor}" if anchor else "")),
            slug,
            anchor,
        )
    elif is_local_file(href):
        href = urls.relative(
            env["page"], posixpath.normpath(posixpath.join(posixpath.dirname(env["page"]), href))
        )
    elif href.startswith("#") and len(href) > 1:
        href = "#" + _PRINTED_PREFIX + href[1:]
    return _render_with_attr(self, tokens, index, options, env, "href", href)


def _render_heading_open(self, tokens, index, options, env):
    return _render_with_attr(
        self, tokens, index, options, env, "id", _PRINTED_PREFIX + str(tokens[index].attrGet("id"))
    )


def _render_with_attr(renderer, tokens, index, options, env, name, value):
    """Render a token with one attribute changed only while rendering (tokens are read again)."""
    token = tokens[index]
    original = token.attrGet(name)
    token.attrSet(name, value)
    try:
        return renderer.renderToken(tokens, index, options, env)
    finally:
        token.attrSet(name, original)
