"""End to end: the 2023-2024 handbook of the user's source (the previous year of the shipped one)
opened from disk (file://) in headless Chromium, as a reader sees it."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(scope="module")
def site(previous_year_site) -> Path:
    return previous_year_site.config.output_dir


def test_reader_goes_from_home_to_a_period_a_guide_and_back(site, page):
    requests: list[str] = []
    errors: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto((site / "index.html").as_uri())
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.locator("h1").inner_text() == "Guide Pix du collège"
    timeline = page.locator(".timeline")
    assert timeline.locator(".timeline-period").count() == 8
    assert timeline.locator(".timeline-milestone").count() == 3
    assert "lundi 4 mars 2024\u00a0: Début de la certification collège" in timeline.inner_text()

    page.get_by_role("link", name="Période 3").click()
    assert page.url.endswith("/periode-3.html")
    assert "du lundi 13 novembre au vendredi 15 décembre 2023" in page.locator(".lead").inner_text()
    referent = page.locator("section", has=page.get_by_role("heading", name="Référent Pix"))
    assert referent.locator("li").count() == 5

    referent.get_by_role(
        "link", name="Réaliser un bilan des campagnes des parcours de rentrée."
    ).click()
    assert page.url.endswith("/guides/bilan-campagnes.html")
    uses = page.locator(".uses")
    assert "Période 3" in uses.inner_text() and "Période 8" in uses.inner_text()

    page.get_by_role("navigation", name="Navigation principale").get_by_role(
        "link", name="Enseignants"
    ).click()
    assert page.url.endswith("/role-enseignants.html")
    assert page.locator("h2").count() == 8
    page.get_by_role("link", name="Accueil").first.click()
    assert page.url.endswith("/index.html")

    assert errors == []
    assert all(url.startswith("file://") for url in requests), [
        u for u in requests if not u.startswith("file://")
    ]


def test_skip_link_is_the_first_stop_and_reaches_main(site, page):
    page.goto((site / "periode-1.html").as_uri())
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused == "Aller au contenu"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "contenu"


@pytest.mark.parametrize("poster", ["affiche-a3.html", "affiche-a4.html"])
def test_on_a_phone_the_poster_scrolls_sideways_inside_its_frame(site, page, poster):
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto((site / poster).as_uri())
    assert (
        page.evaluate("document.documentElement.scrollWidth") <= 375
    )  # the page itself does not scroll sideways
    columns = page.locator(".poster-grid thead th")
    assert (
        min(columns.nth(index).bounding_box()["width"] for index in range(columns.count())) > 80
    )  # readable columns
