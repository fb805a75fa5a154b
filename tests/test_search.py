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


def test_a_part_follows_its_edited_guide_and_keeps_the_others():
    """Entries are kept per guide between rebuilds (a speed trick): what a reader finds must still
    be the guide as it is now, whatever was made before under the same name."""
    kept, edited = guide("garde", "pareil"), guide("modifie", "avant")
    first = search.part_script(search.IndexPart(1, "recherche-1.js", (kept, edited)))
    edited = guide("modifie", "après")
    second = search.part_script(search.IndexPart(1, "recherche-1.js", (kept, edited)))
    assert entries(first)[:2] == entries(second)[:2] and entries(second)[3]["x"] == "après"
    back = search.part_script(
        search.IndexPart(1, "recherche-1.js", (kept, guide("modifie", "avant")))
    )
    assert back == first
