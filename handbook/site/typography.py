"""French typography for everything the site shows, applied once, when pages and feeds are made.

The sources (guides, calendar.yaml) stay as the référent typed them, with ordinary spaces; the
rendered text gets a narrow no-break space (U+202F) before « ; ! ? », a no-break space (U+00A0)
before « : », inside « » and between a number and its unit (« 1 h 45 », « 50 % »), so that none of
them starts a line.

Only spaces are changed, never added between two characters that touch: an address (https://…,
a.fr/?p=1) or an HTML entity (&amp;) has no space before its « : », « ? » or « ; », so it is left as
it is. In a page, tags and their attributes, comments, and the insides of code, pre, kbd, samp,
script, style and textarea are left alone.
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import repeat

NBSP = "\u00a0"
NARROW_NBSP = "\u202f"

_SPACES = "[ \t\n\u00a0\u202f]+"
_AFTER_MARK = r"(?=$|[\s»)\]<.,?!…])"  # the mark ends a word, not part of a word (a URL, « 10:30 »)
_BEFORE_HIGH = re.compile(f"{_SPACES}(?=[;!?]{_AFTER_MARK})")
_BEFORE_COLON = re.compile(f"{_SPACES}(?=:{_AFTER_MARK})")
_OPENING = re.compile(f"«(?:{_SPACES})?")
_CLOSING = re.compile(f"(?:{_SPACES})?»")
_UNIT = re.compile(
    r"(?<![\w.,])(\d+(?:[.,]\d+)?)[ \u00a0\u202f]+(h|min|%|€|Mo|Go|ko|pix)(?![\w%€])"
)
_HOURS_MINUTES = re.compile(r"(\d\u00a0h)[ \u202f]+(\d\d)(?!\d)")
_NUMERO = re.compile(r"\b(n°)[ \u202f]+(?=\d)")
_DIGIT_SPACE = re.compile(r"\d[ \u00a0\u202f]")  # what _UNIT and _HOURS_MINUTES start with
_ANY = re.compile(r"[;:!?«»]|\d[ \u00a0\u202f]|n°")  # without any of these, nothing to change


# A pure function of its text: each rebuild in serve typesets again the search entries and the pages
# it remakes, mostly the same short texts.
@lru_cache(maxsize=16384)
def french(text: str, narrow: bool = True) -> str:
    """Plain text with French spaces; narrow=False puts U+00A0 everywhere (for readers whose fonts
    may lack U+202F)."""
    if not _ANY.search(text):
        return text
    # Each rule runs only on a text holding what it needs (a plain search for a character is ten
    # times cheaper than the rule's): a cold build typesets some 3,000 texts.
    if ";" in text or "!" in text or "?" in text:
        text = _BEFORE_HIGH.sub(NARROW_NBSP if narrow else NBSP, text)
    if ":" in text:
        text = _BEFORE_COLON.sub(NBSP, text)
    if "«" in text:
        text = _OPENING.sub("«" + NBSP, text)
    if "»" in text:
        text = _CLOSING.sub(NBSP + "»", text)
    if _DIGIT_SPACE.search(text):
        text = _UNIT.sub(r"\1" + NBSP + r"\2", text)
        text = _HOURS_MINUTES.sub(r"\1" + NBSP + r"\2", text)
    if "n°" in text:
        text = _NUMERO.sub(r"\1" + NBSP, text)
    return text


# One page's HTML, in the parts that are left alone (tags, comments, elements whose text is code or
# data) and the text between them.
_UNTOUCHED = re.compile(
    r"(<!--.*?-->|<(pre|code|kbd|samp|script|style|textarea)\b[^>]*>.*?</\2\s*>|<[^>]*>)",
    re.S | re.I,
)

# HTML that several pages or several rebuilds show (a guide's body) is marked in a page, from its
# first tag to its last, and typeset once (see marked): with serve at 1,000 guides, typesetting each
# remade « Tout imprimer » part whole took 10 to 13 ms. U+FDD0 and U+FDD1 are noncharacters: Unicode
# keeps them for a program's own use, never for text.
_OPEN, _CLOSE = "\ufdd0", "\ufdd1"
_MARKED = re.compile("\ufdd0([^\ufdd0\ufdd1]*)\ufdd1")
# A comment or an element left alone, opened and not closed in a piece of a page: it may end beyond.
_UNCLOSED = re.compile(r"<(?:!--|(?:pre|code|kbd|samp|script|style|textarea)\b)", re.I)


def marked(html: str) -> str:
    """HTML to put in a page, marked so that french_html typesets it once for every page and rebuild
    that shows it: its part from its first tag to its last."""
    start, end = html.find("<"), html.rfind(">") + 1
    if start < 0 or end <= start or _OPEN in html or _CLOSE in html:
        return html
    return html[:start] + _OPEN + html[start:end] + _CLOSE + html[end:]


def french_html(html: str) -> str:
    """A rendered page with French spaces in its text, and nowhere else; the parts marked by
    marked() taken as they were typeset before. The result is the same as if none was marked."""
    if _OPEN not in html:
        return _typeset(html)
    pieces = html.split(_OPEN)
    result = [None if _CLOSE in pieces[0] else _typeset_piece(pieces[0])]
    for piece in pieces[1:]:
        part, closed, after = piece.partition(_CLOSE)
        marks_paired = closed and _CLOSE not in after
        result += [_typeset_part(part) if marks_paired else None, _typeset_piece(after)]
    if None in result:
        # A mark in a tag, a comment or a code element, or escaped by the template: as shown.
        return _typeset(_MARKED.sub(r"\1", html))
    return "".join(result)


def _typeset_piece(html: str) -> str | None:
    """A piece of a page between marked parts, typeset; None if the page would typeset it otherwise:
    a tag, a comment or an element left alone that it opens and does not close."""
    parts = _UNTOUCHED.split(html)
    for index in range(0, len(parts), 3):
        if "<" in parts[index]:
            return None
        if (
            index + 1 < len(parts)
            and parts[index + 2] is None
            and _UNCLOSED.match(parts[index + 1])
        ):
            return None
    return _joined(parts)


# A « Tout imprimer » part shows 100 bodies: 256 keep a rebuilt part's without holding every
# body of a 10,000-guide site (tens of megabytes).
@lru_cache(maxsize=256)
def _typeset_part(html: str) -> str | None:
    """A marked part typeset apart from its page, or None where its page would typeset it
    otherwise: text before its first tag or after its last, or a comment or element it does not
    close."""
    parts = _UNTOUCHED.split(html)
    if parts[0] or parts[-1]:
        return None
    for index in range(1, len(parts), 3):
        if parts[index + 1] is None and _UNCLOSED.match(parts[index]):
            return None
    return _joined(parts)


def _typeset(html: str) -> str:
    return _joined(_UNTOUCHED.split(html))


def _joined(parts: list[str]) -> str:
    """The page again from parts of _UNTOUCHED.split(): text, whole untouched part, its element name
    (or None), text, …, each text typeset. Changes parts; without a Python loop (a page has
    hundreds of parts, and most texts were typeset before: french answers them from its cache)."""
    parts[0::3] = map(french, parts[0::3])
    parts[2::3] = repeat("", len(parts) // 3)
    return "".join(parts)
