from handbook.read import markdown


def process(text: str, slug: str = "a", slides: bool = False):
    return markdown.process(text, first_line=10, slug=slug, with_slides=slides)


def page(text: str) -> str:
    return markdown.page_html(process(text).body)


def printed(text: str, slug: str = "a") -> str:
    return markdown.printed_html(process(text, slug).body, slug, {})


def test_raw_html_is_escaped():
    html = page("<script>alert(1)</script> <b>gras</b>")
    assert "<script>" not in html and "&lt;script&gt;" in html and "<b>" not in html


def test_javascript_links_never_become_links():
    text = "[x](javascript:alert(1)) [y](JAVASCRIPT:alert(1)) [z](data:text/html,x)"
    assert "href" not in page(text) and "href" not in printed(text)


def test_links_on_the_guide_page():
    html = page(
        "[b](b.md#etapes) [c](c.md) [f](../fichiers/doc.pdf) [ici](#haut) [web](https://pix.fr)\n"
        "\n## Haut\n"
    )
    assert (
        'href="b.html#etapes"' in html
        and 'href="c.html"' in html
        and 'href="../fichiers/doc.pdf"' in html
    )
    assert 'href="#haut"' in html and 'href="https://pix.fr"' in html and 'id="haut"' in html


def test_links_on_the_print_everything_page_stay_inside_it():
    html = printed(
        "[b](b.md#etapes) [c](c.md) [f](../fichiers/doc.pdf) [ici](#haut)\n\n## Haut\n", slug="a"
    )
    assert (
        'href="#b-etapes"' in html and 'href="#c"' in html and 'href="../fichiers/doc.pdf"' in html
    )
    assert 'href="#a-haut"' in html and 'id="a-haut"' in html


def test_printed_links_to_a_guide_in_another_part_name_its_page():
    html = markdown.printed_html(
        process("[b](b.md#etapes) [c](c.md)\n").body, "a", {"b": "tout-imprimer-2.html"}
    )
    assert 'href="tout-imprimer-2.html#b-etapes"' in html and 'href="#c"' in html


def test_both_versions_come_from_one_rendering_without_a_mark_left():
    result = process("[b](b.md#etapes) [ici](#haut)\n\n## Haut\n\nTexte.\n", slug="a")
    assert result.headings[0].anchor == "haut" and result.sections[1].heading.anchor == "haut"
    for html in (markdown.page_html(result.body), markdown.printed_html(result.body, "a", {})):
        assert "\x00" not in html


def test_a_nul_in_a_guide_cannot_forge_a_mark():
    text = "[b](b.md) Texte \x00( avec \x00| des \x00) octets \x00- nuls.\n"
    for html in (page(text), printed(text)):
        assert (
            "Texte \ufffd( avec \ufffd| des \ufffd) octets \ufffd- nuls." in html
            and "\x00" not in html
        )


def test_headings_get_unique_anchors_and_links_their_lines():
    result = process("## Étapes\n\ntexte [a](a.md)\n\n## Étapes\n")
    assert [h.anchor for h in result.headings] == ["etapes", "etapes-2"]
    assert result.links[0].href == "a.md" and result.links[0].line == 12


def test_tables_are_rendered():
    assert "<td>1</td>" in page("| a | b |\n|---|---|\n| 1 | 2 |\n")


def test_sections_for_search():
    sections = process(
        "Intro **en gras**\nsur deux lignes.\n\n## Étapes\n\n1. Ouvrir [Pix](https://pix.fr).\n"
    ).sections
    assert [(s.heading.text if s.heading else None, s.text) for s in sections] == [
        (None, "Intro en gras sur deux lignes."),
        ("Étapes", "Ouvrir Pix."),
    ]


def test_slides_split_at_level_two_headings_with_a_cover():
    slides = process("Intro\n\n## Un\n\nx\n\n## Deux\n\ny\n", slides=True).slides
    assert [slide.cover for slide in slides] == [True, False, False]
    assert "<h2" in slides[1].html and process("## Un\n", slides=True).slides[0].cover is False
    assert process("## Un\n").slides == ()
