"""Large guides: a documented size limit, refused at once with a clear message; below it, anchors
and sections of a guide whose headings repeat thousands of times come out right (made in linear
time: bench/large_guide.py measures it, no test times anything)."""

from __future__ import annotations

from conftest import build_at, problems_at

from handbook.build import bodies
from handbook.read import files, markdown


def test_a_50_mb_guide_is_refused_at_once_with_its_size_and_the_limit(project, tmp_path):
    root = project()
    guide = root / "content/guides/enorme.md"
    with guide.open("wb") as file:
        file.write("---\ntitre: Énorme\n---\n\n".encode())
        file.truncate(50_000_000)  # sparse: refused from its size, never read
    problems = problems_at(root)
    assert (
        "content/guides/enorme.md : le fichier fait 50 Mo ; un fichier du contenu ne peut "
        "dépasser 20 Mo : découpez-le en plusieurs guides (ou fichiers)"
    ) in problems
    assert not (root / "output").exists()


def test_the_limit_applies_to_every_content_file_read(project, monkeypatch):
    root = project()
    monkeypatch.setattr(files, "MAX_TEXT_BYTES", 200)
    problems = problems_at(root)
    assert any(
        problem.startswith("content/calendar.yaml : le fichier fait") for problem in problems
    )
    monkeypatch.setattr(files, "MAX_TEXT_BYTES", 2000)
    build_at(root)  # the guides and the calendar are smaller than that


def test_a_heading_repeated_thousands_of_times_gets_numbered_anchors_and_its_own_section():
    text = (
        "".join(f"## Étape\n\nTexte {number}.\n\n" for number in range(3000))
        + "## Étape 2\n\nFin.\n"
    )
    body = markdown.process(text, 1, "long")
    anchors = [heading.anchor for heading in body.headings]
    assert anchors[:3] == ["etape", "etape-2", "etape-3"] and anchors[2999] == "etape-3000"
    assert anchors[3000] == "etape-2-2"  # « Étape 2 » meets the anchor the second « Étape » took
    assert len(set(anchors)) == len(anchors)
    decoded = bodies.decode(__import__("json").loads(bodies.encode(body)))
    assert [section.heading.anchor for section in decoded.sections][2999] == "etape-3000"
    assert decoded.sections[2999].text == "Texte 2999."


def test_a_broken_anchor_in_a_long_guide_lists_a_readable_number_of_anchors(project):
    long_guide = "---\ntitre: Long\n---\n\nVoir [là](#nulle-part).\n\n" + "".join(
        f"## Partie {number}\n\nTexte.\n\n" for number in range(500)
    )
    root = project({"content/guides/long.md": long_guide})
    problems = problems_at(root)
    message = next(problem for problem in problems if "#nulle-part" in problem)
    assert "#partie-29" in message and "#partie-30," not in message and "(et 470 autres)" in message
