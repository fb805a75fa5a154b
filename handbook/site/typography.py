"""French typography for everything the site shows, applied once, when pages and feeds are made.

The sources (guides, calendar.yaml) stay as the référent typed them, with ordinary spaces; the rendered
text gets a narrow no-break space (U+202F) before « ; ! ? », a no-break space (U+00A0) before « : »,
inside « » and between a number and its unit (« 1 h 45 », « 50 % »), so that none of them starts a line.

Only spaces are changed, never added between two characters that touch: an address (https://…, a.fr/?p=1)
or an HTML entity (&amp;) has no space before its « : », « ? » or « ; », so it is left as it is. In a page,
tags and their attributes, comments, and the insides of code, pre, kbd, samp, script, style and textarea
are left alone.
"""

from __future__ import annotations

import re
from functools import lru_cache

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
_ANY = re.compile(
    r"[;:!?«»]|\d[ \u00a0\u202f]|n°"
)  # text without any of these has nothing to change


# A pure function of its text: each rebuild in serve typesets again the search entries and the pages it
# remakes, mostly the same short texts.
@lru_cache(maxsize=16384)
def french(text: str, narrow: bool = True) -> str:
    """Plain text with French spaces; narrow=False puts U+00A0 everywhere (for readers whose fonts may
    lack U+202F)."""
    if not _ANY.search(text):
        return text
    high = NARROW_NBSP if narrow else NBSP
    text = _BEFORE_HIGH.sub(high, text)
    text = _BEFORE_COLON.sub(NBSP, text)
    text = _OPENING.sub("«" + NBSP, text)
    text = _CLOSING.sub(NBSP + "»", text)
    text = _UNIT.sub(r"\1" + NBSP + r"\2", text)
    text = _HOURS_MINUTES.sub(r"\1" + NBSP + r"\2", text)
    return _NUMERO.sub(r"\1" + NBSP, text)


# One page's HTML, in the parts that are left alone (tags, comments, elements whose text is code or
# data) and the text between them.
_UNTOUCHED = re.compile(
    r"(<!--.*?-->|<(pre|code|kbd|samp|script|style|textarea)\b[^>]*>.*?</\2\s*>|<[^>]*>)",
    re.S | re.I,
)


def french_html(html: str) -> str:
    """A rendered page with French spaces in its text, and nowhere else."""
    parts = _UNTOUCHED.split(html)
    # split() gives: text, whole untouched part, its element name (or None), text, …
    result = []
    for index in range(0, len(parts), 3):
        result.append(french(parts[index]))
        if index + 1 < len(parts):
            result.append(parts[index + 1])
    return "".join(result)
