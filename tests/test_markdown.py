from handbook import markdown


def process(text: str, slug: str = "a", slides: bool = False):
    return markdown.process(text, first_line=10, slug=slug, with_slides=slides)


def test_raw_html_is_escaped():
    html = process("<script>alert(1)</script> <b>gras</b>").html
    assert "<script>" not in html and "&lt;script&gt;" in html and "<b>" not in html


def test_javascript_links_never_become_links():
    result = process("[x](javascript:alert(1)) [y](JAVASCRIPT:alert(1)) [z](data:text/html,x)")
    assert "href" not in result.html and "href" not in result.print_html


def test_links_on_the_guide_page():
    html = process("[b](b.md#etapes) [c](c.md) [f](../fichiers/doc.pdf) [ici](#haut) [web](https://pix.fr)").html
    assert 'href="b.html#etapes"' in html and 'href="c.html"' in html and 'href="../fichiers/doc.pdf"' in html
    assert 'href="#haut"' in html and 'href="https://pix.fr"' in html


def test_links_on_the_print_everything_page_stay_inside_it():
    result = process("[b](b.md#etapes) [c](c.md) [ici](#haut)\n\n## Haut\n", slug="a")
    assert 'href="#b-etapes"' in result.print_html and 'href="#c"' in result.print_html
    assert 'href="#a-haut"' in result.print_html and 'id="a-haut"' in result.print_html
    assert 'id="haut"' in result.html  # the shared tokens were left as they were for the guide page


def test_headings_get_unique_anchors_and_links_their_lines():
    result = process("## Étapes\n\ntexte [a](a.md)\n\n## Étapes\n")
    assert [h.anchor for h in result.headings] == ["etapes", "etapes-2"]
    assert result.links[0].href == "a.md" and result.links[0].line == 12


def test_tables_are_rendered():
    assert "<td>1</td>" in process("| a | b |\n|---|---|\n| 1 | 2 |\n").html


def test_sections_for_search():
    sections = process("Intro **en gras**\nsur deux lignes.\n\n## Étapes\n\n1. Ouvrir [Pix](https://pix.fr).\n").sections
    assert [(s.heading.text if s.heading else None, s.text) for s in sections] == [
        (None, "Intro en gras sur deux lignes."), ("Étapes", "Ouvrir Pix.")]


def test_slides_split_at_level_two_headings_with_a_cover():
    slides = process("Intro\n\n## Un\n\nx\n\n## Deux\n\ny\n", slides=True).slides
    assert [slide.cover for slide in slides] == [True, False, False]
    assert "<h2" in slides[1].html and process("## Un\n", slides=True).slides[0].cover is False
    assert process("## Un\n").slides == ()
