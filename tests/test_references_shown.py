"""Calendar references in what a guide shows besides its body: its headings (table of contents,
search index), its title (guide page, guide list, print page) and its summary; an unknown one there
is an error."""

from __future__ import annotations

from conftest import FIRST_GUIDE, build_at, problems_at

QUOTING = (
    FIRST_GUIDE.replace("titre: Premier guide", "titre: Premier guide ({période 2})")
    .replace("resume: Pour commencer.", "resume: Pour commencer avant le {fin période 1}.")
    .replace("## Étapes", "## Étapes jusqu'au {fin période 2}")
)


def test_references_in_headings_title_and_summary_are_filled_everywhere_they_show(
    project, tmp_path
):
    root = project({"content/guides/premier.md": QUOTING})
    build_at(root, output=tmp_path / "site")
    site = tmp_path / "site"
    period_2 = "du lundi 6 novembre au vendredi 15 décembre 2023"
    pages = {
        name: (site / name).read_text(encoding="utf-8")
        for name in ("guides/premier.html", "guides/index.html", "guides/tout-imprimer.html")
    }
    pages["recherche.js"] = "".join(
        path.read_text(encoding="utf-8") for path in sorted(site.glob("recherche*.js"))
    )
    for name, text in pages.items():
        assert "{période" not in text and "{fin période" not in text, name
        assert f"Premier guide ({period_2})" in text.replace("\u202f", " ").replace("\xa0", " "), (
            name
        )
    guide = pages["guides/premier.html"].replace("\u202f", " ").replace("\xa0", " ")
    assert "Étapes jusqu'au vendredi 15 décembre 2023" in guide  # heading and table of contents
    assert "Pour commencer avant le vendredi 20 octobre 2023." in pages[
        "guides/index.html"
    ].replace("\u202f", " ").replace("\xa0", " ")
    assert "Étapes jusqu'au vendredi 15 décembre 2023" in pages["recherche.js"].replace(
        "\\u202f", " "
    ).replace("\u202f", " ").replace("\xa0", " ")


def test_an_unknown_reference_in_the_summary_or_title_is_an_error_with_its_line(project):
    root = project(
        {
            "content/guides/premier.md": FIRST_GUIDE.replace(
                "resume: Pour commencer.", "resume: Pour commencer en {période 99}."
            ).replace("titre: Premier guide", "titre: Premier guide, {jalon inconnu}")
        }
    )
    problems = problems_at(root)
    assert any(
        problem.startswith(
            "content/guides/premier.md, ligne 3 : {période 99} : le calendrier n'a pas de "
            "période 99"
        )
        for problem in problems
    ), problems
    assert any(
        problem.startswith("content/guides/premier.md, ligne 2 : {jalon inconnu} : aucun jalon")
        for problem in problems
    ), problems
