from handbook import markdown


def parse(text: str):
    return markdown.parse(text, first_line=10)


def test_raw_html_is_escaped():
    html = markdown.render(parse("<script>alert(1)</script> <b>gras</b>").tokens, "guides/a.html", "guides/a.html")
    assert "<script>" not in html and "&lt;script&gt;" in html and "<b>" not in html


def test_javascript_links_never_become_links():
    html = markdown.render(parse("[x](javascript:alert(1)) [y](JAVASCRIPT:alert(1))").tokens, "guides/a.html", "guides/a.html")
    assert "href" not in html


def test_guide_links_are_rewritten_relative_to_the_page_showing_them():
    tokens = parse("[b](b.md#etapes) [f](../fichiers/doc.pdf) [ici](#haut) [web](https://pix.fr)").tokens
    own = markdown.render(tokens, "guides/a.html", "guides/a.html")
    assert 'href="b.html#etapes"' in own and 'href="../fichiers/doc.pdf"' in own and 'href="#haut"' in own
    elsewhere = markdown.render(tokens, "guides/a.html", "index.html")
    assert 'href="guides/b.html#etapes"' in elsewhere and 'href="fichiers/doc.pdf"' in elsewhere
    assert 'href="guides/a.html#haut"' in elsewhere and 'href="https://pix.fr"' in elsewhere
    assert markdown.render(tokens, "guides/a.html", "guides/a.html") == own  # shared tokens are left as they were


def test_headings_get_unique_anchors_and_links_their_lines():
    parsed = parse("## Étapes\n\ntexte [a](a.md)\n\n## Étapes\n")
    assert [h.anchor for h in parsed.headings] == ["etapes", "etapes-2"]
    assert parsed.links[0].href == "a.md" and parsed.links[0].line == 12


def test_tables_are_rendered():
    html = markdown.render(parse("| a | b |\n|---|---|\n| 1 | 2 |\n").tokens, "guides/a.html", "guides/a.html")
    assert "<table>" in html and "<td>1</td>" in html


def test_anchor_prefix_keeps_ids_unique_on_shared_pages():
    html = markdown.render(parse("## Étapes").tokens, "guides/a.html", "guides/tout.html", "a-")
    assert 'id="a-etapes"' in html


def test_slides_split_at_level_two_headings():
    slides = markdown.split_slides(parse("Intro\n\n## Un\n\nx\n\n## Deux\n\ny\n").tokens)
    assert len(slides) == 3
