"""Guides' Markdown: parsed once with markdown-it-py, rendered for each page that shows it.

Raw HTML is off (several staff edit the guides), so tags show as text; markdown-it-py already
refuses javascript:, vbscript: and data: links. Headings get anchors; links to other guides are
written as relative .md paths in the source and become links to the built pages.
"""
from __future__ import annotations

import posixpath
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from markdown_it import MarkdownIt
from markdown_it.token import Token

from . import urls
from .model import Heading


@dataclass(frozen=True)
class Link:
    href: str
    line: int


@dataclass(frozen=True)
class ParsedMarkdown:
    tokens: tuple[Token, ...]
    headings: tuple[Heading, ...]
    links: tuple[Link, ...]


def _make_parser() -> MarkdownIt:
    parser = MarkdownIt("commonmark", {"html": False}).enable("table")
    parser.add_render_rule("link_open", _render_link_open)
    parser.add_render_rule("heading_open", _render_heading_open)
    return parser



def parse(text: str, first_line: int) -> ParsedMarkdown:
    """Parse a guide body whose first line is line first_line of its file."""
    tokens = PARSER.parse(text)
    headings = _add_heading_anchors(tokens)
    links = [Link(str(child.attrGet("href")), token.map[0] + first_line if token.map else first_line)
             for token in tokens if token.type == "inline"
             for child in token.children or () if child.type == "link_open"]
    return ParsedMarkdown(tuple(tokens), tuple(headings), tuple(links))


def _add_heading_anchors(tokens: list[Token]) -> list[Heading]:
    headings: list[Heading] = []
    used: set[str] = set()
    for index, token in enumerate(tokens):
        if token.type != "heading_open":
            continue
        text = "".join(child.content for child in tokens[index + 1].children or ()
                       if child.type in ("text", "code_inline"))
        base = urls.slugify(text) or "section"
        anchor, counter = base, 2
        while anchor in used:
            anchor, counter = f"{base}-{counter}", counter + 1
        used.add(anchor)
        token.attrSet("id", anchor)
        headings.append(Heading(int(token.tag[1]), text, anchor))
    return headings


def guide_slug_of(href: str) -> tuple[str, str] | None:
    """(slug, anchor) when href points to another guide's source (« autre-guide.md#etapes »), else None."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or not parts.path.endswith(".md"):
        return None
    name = posixpath.basename(unquote(parts.path))[:-3]
    return urls.slugify(name), parts.fragment


def is_local_file(href: str) -> bool:
    parts = urlsplit(href)
    return not parts.scheme and not parts.netloc and bool(parts.path) and not parts.path.endswith(".md")


def render(tokens: tuple[Token, ...], guide_page: str, page: str, anchor_prefix: str = "") -> str:
    """HTML of a guide's tokens shown on `page`; links are computed from the guide's own page.

    anchor_prefix keeps heading ids unique when several guides share one page.
    """
    env = {"guide_page": guide_page, "page": page, "anchor_prefix": anchor_prefix}
    return PARSER.renderer.render(list(tokens), PARSER.options, env)


def sections(tokens: tuple[Token, ...]) -> list[tuple[Heading | None, str]]:
    """The text under each level-2 or level-3 heading (the first one, before any heading, has None)."""
    result: list[tuple[Heading | None, list[str]]] = [(None, [])]
    for index, token in enumerate(tokens):
        if token.type == "heading_open" and token.tag in ("h2", "h3"):
            text = tokens[index + 1].content
            result.append((Heading(int(token.tag[1]), text, str(token.attrGet("id"))), []))
        elif token.type == "inline" and not (index and tokens[index - 1].type == "heading_open"):
            result[-1][1].append(inline_text(token))
    return [(heading, " ".join(parts).strip()) for heading, parts in result if heading or parts]


def inline_text(token: Token) -> str:
    """The words of an inline token, line breaks as spaces, markup dropped."""
    return "".join(" " if child.type in ("softbreak", "hardbreak") else child.content
                   for child in token.children or () if child.type in ("text", "code_inline", "softbreak", "hardbreak"))


def split_slides(tokens: tuple[Token, ...]) -> list[tuple[Token, ...]]:
    """Token runs that each start at a level-2 heading (the first run is what comes before any)."""
    slides: list[list[Token]] = [[]]
    for token in tokens:
        if token.type == "heading_open" and token.tag == "h2":
            slides.append([])
        slides[-1].append(token)
    return [tuple(slide) for slide in slides if slide]


def _render_link_open(self, tokens, index, options, env):
    href = str(tokens[index].attrGet("href"))
    target = guide_slug_of(href)
    if target:
        slug, anchor = target
        site_path = urls.guide_path(slug) + (f"#{anchor}" if anchor else "")
        href = urls.relative(env["page"], site_path)
    elif is_local_file(href):
        site_path = posixpath.normpath(posixpath.join(posixpath.dirname(env["guide_page"]), href))
        href = urls.relative(env["page"], site_path)
    elif href.startswith("#") and env["page"] != env["guide_page"]:
        href = urls.relative(env["page"], env["guide_page"] + href)
    return _render_with_attr(self, tokens, index, options, env, "href", href)


def _render_heading_open(self, tokens, index, options, env):
    anchor = env.get("anchor_prefix", "") + str(tokens[index].attrGet("id"))
    return _render_with_attr(self, tokens, index, options, env, "id", anchor)


def _render_with_attr(renderer, tokens, index, options, env, name, value):
    """Render a token with one attribute changed for this page only: the tokens are shared by every page."""
    token = tokens[index]
    original = token.attrGet(name)
    token.attrSet(name, value)
    try:
        return renderer.renderToken(tokens, index, options, env)
    finally:
        token.attrSet(name, original)


PARSER = _make_parser()
