"""handbook/site/search.py: index parts; a guide's entries made once while it is unchanged."""

from __future__ import annotations

import json

from handbook.model import Guide, Heading, Section
from handbook.site import search
from handbook.site.typography import NBSP


def guide(slug: str, text: str) -> Guide:
    heading = Heading(2, "Étapes", "etapes")
    return Guide(
        slug=slug,
        title=f"Guide {slug}",
        summary="Résumé : court",
        roles=("referent",),
        rules_year=None,
        format="fiche",
        source=f"content/guides/{slug}.md",
        headings=(heading,),
        linked_slugs=frozenset(),
        digest=slug + text,
        body=f"<p>{text}</p>",
        sections=(Section(heading, text),),
        slides=(),
    )


def entries(script: bytes) -> list[dict]:
    return json.loads(script[script.index(b"=[") + 1 : script.rindex(b";")])


def test_a_part_lists_its_guides_entries_in_french():
    part = search.IndexPart(1, "recherche-1.js", (guide("a", "Texte : un"), guide("b", "deux")))
    shown = entries(search.part_script(part))
    assert [entry["t"] for entry in shown] == [
        "Guide a",
        "Guide a › Étapes",
        "Guide b",
        "Guide b › Étapes",
    ]
    assert shown[0]["x"] == f"Résumé{NBSP}: court" and shown[1]["x"] == f"Texte{NBSP}: un"


def test_an_unchanged_guide_is_not_made_again_when_its_part_is(monkeypatch):
    search._guide_encoded.cache_clear()
    made = []
    real = search.guide_entries
    monkeypatch.setattr(search, "guide_entries", lambda g: made.append(g.slug) or real(g))
    kept, edited = guide("garde", "pareil"), guide("modifie", "avant")
    first = search.part_script(search.IndexPart(1, "recherche-1.js", (kept, edited)))
    edited = guide("modifie", "après")
    second = search.part_script(search.IndexPart(1, "recherche-1.js", (kept, edited)))
    assert made == ["garde", "modifie", "modifie"]
    assert entries(first)[:2] == entries(second)[:2] and entries(second)[3]["x"] == "après"
