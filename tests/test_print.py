"""Print layouts, checked by printing them to PDF in headless Chromium and reading the PDF back."""

from __future__ import annotations

import io
import re
import shutil
import unicodedata

import pytest
from conftest import CALENDAR, ROOT, build_at, deployed_config
from pypdf import PdfReader

from handbook.build.pipeline import Options, build
from handbook.site.poster import POSTER_SIZES, poster_estimate

A3_LANDSCAPE = (1190.6, 841.9)
A4_LANDSCAPE = (841.9, 595.3)
A4_PORTRAIT = (595.3, 841.9)


def print_pdf(page, path) -> PdfReader:
    page.goto(path.as_uri())
    return PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True, print_background=True)))


def size_of(reader: PdfReader) -> tuple[float, float]:
    box = reader.pages[0].mediabox
    return float(box.width), float(box.height)


def flat(text: str) -> str:
    """Text as PDF extraction gives it back: ligatures (ﬁ) undone, white space folded."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip()


@pytest.mark.parametrize(
    "name, size", [("affiche-a3.html", A3_LANDSCAPE), ("affiche-a4.html", A4_LANDSCAPE)]
)
def test_poster_is_one_landscape_sheet_with_every_task(real_site, page, name, size):
    reader = print_pdf(page, real_site.config.output_dir / name)
    assert len(reader.pages) == 1
    assert size_of(reader) == pytest.approx(size, abs=2)
    text = flat(reader.pages[0].extract_text())
    tasks = [t for p in real_site.handbook.periods for ts in p.tasks.values() for t in ts]
    assert (
        len(tasks) == 91
    )  # 2026-2027: the 73 tasks of the user's 2023-2024 calendar and 18 new steps
    for task in tasks:
        assert flat(task.text) in text, task.text
    for milestone in real_site.handbook.milestones:
        assert milestone.title in text


def test_a3_poster_text_is_never_below_8_points(real_site, page):
    page.goto((real_site.config.output_dir / "affiche-a3.html").as_uri())
    page.emulate_media(media="print")
    smallest_px = page.evaluate("""() => Math.min(...[...document.querySelectorAll('main *')]
        .filter(e => e.offsetParent !== null
          && [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim()))
        .map(e => parseFloat(getComputedStyle(e).fontSize)))""")
    assert smallest_px * 72 / 96 >= 8


def test_poster_columns_follow_the_periods_and_roles_rows(real_site, page):
    page.goto((real_site.config.output_dir / "affiche-a3.html").as_uri())
    headers = page.locator(".poster-grid thead th .poster-period").all_inner_texts()
    assert headers == [f"Période {n}" for n in range(1, 9)]
    assert page.locator(".poster-grid tbody th").all_inner_texts() == [
        "Référent Pix",
        "Enseignants",
        "Élèves",
    ]
    for milestone in real_site.handbook.milestones:
        column = page.locator(".poster-grid thead th").nth(milestone.period_number - 1).inner_text()
        assert milestone.title in column and ("(à confirmer)" in column) == milestone.to_confirm


def test_too_long_content_warns_and_really_needs_a_second_sheet(project, page):
    long_task = (
        "Une tâche volontairement très longue pour remplir l'affiche bien au-delà d'une "
        "seule feuille. "
    )
    calendar = CALENDAR.replace(
        "        - Faire le bilan.\n", "".join(f"        - {long_task * 2}{i}\n" for i in range(40))
    )
    root = project({"content/calendar.yaml": calendar})
    result = build_at(root)
    warned = [w.message for w in result.warnings if "affiche A3" in w.message]
    assert warned
    assert len(print_pdf(page, root / "output/affiche-a3.html").pages) > 1


def test_real_posters_do_not_warn(real_site):
    assert not [w for w in real_site.warnings if "affiche" in w.message]


# A task of 70 characters, the length of the one that sent the shipped A4 poster to a second sheet.
TASK_70 = "Vérifier avec la vie scolaire la liste des élèves absents au parcours."
MM_PER_PX = 25.4 / 96


def shipped_with(folder, period: int, role: str, added: int):
    """The shipped handbook with `added` copies of TASK_70 at the top of a role's tasks in a
    period."""
    shutil.copytree(ROOT / "content", folder / "content")
    calendar = folder / "content/calendar.yaml"
    head, tail = calendar.read_text(encoding="utf-8").split(f"  - numero: {period}\n", 1)
    tail = tail.replace(
        f"      {role}:\n", f"      {role}:\n" + f"        - {TASK_70}\n" * added, 1
    )
    calendar.write_text(f"{head}  - numero: {period}\n{tail}", encoding="utf-8")
    config = deployed_config(folder)
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            f"dossier_contenu: {(ROOT / 'content').as_posix()}",
            f"dossier_contenu: {(folder / 'content').as_posix()}",
        ),
        encoding="utf-8",
    )
    return build(Options(config, output=folder / "output"))


def printed_height_mm(browser, path, size) -> float:
    """Where the poster's grid ends, laid out for print on the sheet's width inside its margins."""
    width = round((size.width_mm - 16) / MM_PER_PX)
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.emulate_media(media="print")
    page.goto(path.as_uri())
    bottom = page.evaluate(
        "() => document.querySelector('.poster-grid').getBoundingClientRect().bottom"
    )
    context.close()
    return bottom * MM_PER_PX


# The shipped A4 poster is full: one more task in période 4 (the référent's longest column) needs a
# second sheet. So is the A3 poster since the 2026-2027 guides grew: one more task in the Élèves row
# of période 2.
@pytest.mark.parametrize(
    "size, period, role, fitting", [("A4", 4, "referent", 0), ("A3", 2, "eleves", 0)]
)
def test_poster_warns_exactly_when_it_needs_a_second_sheet(
    tmp_path, page, browser, size, period, role, fitting
):
    poster = next(poster for poster in POSTER_SIZES if poster.name == size)
    for added in (fitting, fitting + 1):
        result = shipped_with(tmp_path / f"plus-{added}", period, role, added)
        path = result.config.output_dir / poster.path
        sheets = len(print_pdf(page, path).pages)
        warned = [w.message for w in result.warnings if f"l'affiche {size} " in w.message]
        assert (sheets, bool(warned)) == ((1, False) if added == fitting else (2, True)), (
            added,
            warned,
        )
        estimate = poster_estimate(result.handbook, poster).height_mm
        # a little taller than the print, never shorter (but for the browser's rounding of its
        # layout units)
        assert -0.1 <= estimate - printed_height_mm(browser, path, poster) < 1
    assert "ne tient plus sur une seule feuille" in warned[0] and "content/calendar.yaml" in str(
        result.warnings[0]
    )


def test_the_poster_warning_says_where_to_shorten(tmp_path):
    """« retirez-en de la période la plus chargée » left the référent to guess which: the warning
    names the cell where tasks take the most room (here the référent's période 4, one task longer
    than the sheet)."""
    result = shipped_with(tmp_path, 4, "referent", 1)
    [warned] = [w.message for w in result.warnings if "l'affiche A4 " in w.message]
    assert (
        "retirez-en là où elles prennent le plus de place (Référent Pix, Période 4)," in warned
    ), warned


@pytest.mark.parametrize("size", POSTER_SIZES, ids=lambda size: size.name)
def test_the_estimate_is_the_printed_height_of_the_posters_as_shipped(
    real_site, previous_year_site, browser, page, size
):
    """2023-2024's A4 poster fits with a tenth of a millimetre to spare: the estimate must not warn
    about it."""
    for site in (real_site, previous_year_site):
        path = site.config.output_dir / size.path
        assert len(print_pdf(page, path).pages) == 1
        estimate = poster_estimate(site.handbook, size)
        assert (
            estimate.fits
            and -0.1 <= estimate.height_mm - printed_height_mm(browser, path, size) < 1
        )


@pytest.mark.parametrize("role", ["referent", "enseignants", "eleves"])
def test_checklists_print_on_stable_a4_pages_without_orphan_headings(real_site, page, role):
    path = real_site.config.output_dir / f"role-{role}.html"
    reader = print_pdf(page, path)
    assert size_of(reader) == pytest.approx(A4_PORTRAIT, abs=2)
    assert 1 <= len(reader.pages) <= 4
    assert len(print_pdf(page, path).pages) == len(reader.pages)
    periods = {period.title for period in real_site.handbook.periods}
    for number, pdf_page in enumerate(reader.pages, start=1):
        lines = [line.strip() for line in pdf_page.extract_text().splitlines() if line.strip()]
        lines = [
            line
            for line in lines
            if not re.fullmatch(r"\d+ / \d+", line)
            and f"Pix {real_site.config.school_year.label}" not in line
        ]
        assert lines, f"page {number} vide"
        assert not any(lines[-1].startswith(title) for title in periods), (
            f"page {number} finit par « {lines[-1]} »"
        )
    text = flat(" ".join(p.extract_text() for p in reader.pages))
    assert f"Collège Jean Moulin – Pix {real_site.config.school_year.label}" in text
    for task in (t for p in real_site.handbook.periods for t in p.tasks.get(role, ())):
        assert flat(task.text) in text
    assert "Tout décocher" not in text and "Imprimer" not in text


def test_every_other_page_prints_without_navigation(real_site, page):
    reader = print_pdf(page, real_site.config.output_dir / "guides/importer-base-siecle.html")
    text = flat(" ".join(p.extract_text() for p in reader.pages))
    assert "Importer la base SIECLE dans Pix Orga" in text
    assert "Navigation" not in text and "Aller au contenu" not in text and "Accueil ›" not in text


def test_print_all_puts_each_guide_on_its_own_pages(real_site, page):
    reader = print_pdf(page, real_site.config.output_dir / "guides/tout-imprimer.html")
    guides = list(real_site.handbook.guides.values())
    assert len(reader.pages) > len(guides)
    starts = [flat(p.extract_text()) for p in reader.pages]
    for guide in guides[1:]:
        assert any(guide.title in text[:200] for text in starts), guide.title


def test_family_flyer_prints_on_one_a4_page(real_site, page):
    reader = print_pdf(page, real_site.config.output_dir / "guides/flyer-familles.html")
    assert len(reader.pages) == 1 and size_of(reader) == pytest.approx(A4_PORTRAIT, abs=2)
    assert "Aucun effet sur le brevet" in flat(reader.pages[0].extract_text())


def test_slide_deck_prints_one_landscape_slide_per_page(real_site, page):
    reader = print_pdf(page, real_site.config.output_dir / "guides/diaporama-equipes.html")
    page.goto((real_site.config.output_dir / "guides/diaporama-equipes.html").as_uri())
    slides = page.locator(".slide")
    assert len(reader.pages) == slides.count() >= 8
    assert size_of(reader) == pytest.approx(A4_LANDSCAPE, abs=2)
    for number, pdf_page in enumerate(reader.pages[1:], start=1):
        assert flat(slides.nth(number).locator("h2").inner_text()) in flat(pdf_page.extract_text())
