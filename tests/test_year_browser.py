"""« En ce moment » on the 2023-2024 handbook of the user's source (zone C), the previous year of the shipped one, with the browser's clock fixed, and the year strip."""
from __future__ import annotations

import pytest


def now_text(page, previous_year_site, day: str) -> str:
    page.clock.set_fixed_time(f"{day}T10:00:00")
    page.goto((previous_year_site.config.output_dir / "index.html").as_uri())
    panel = page.locator("[data-now]")
    panel.wait_for(state="visible")
    return " ".join(panel.inner_text().split())


def test_during_the_toussaint_holidays_it_says_which_until_when_and_what_comes_next(page, previous_year_site):
    text = now_text(page, previous_year_site, "2023-11-01")
    assert "Ce sont les vacances de la Toussaint, jusqu'au dimanche 5 novembre 2023 inclus." in text
    assert "Prochaine étape : Période 3, à partir du lundi 13 novembre 2023" in text


def test_before_the_first_period_it_says_the_year_has_not_begun(page, previous_year_site):
    text = now_text(page, previous_year_site, "2023-08-02")
    assert "L'année 2023-2024 n'a pas encore commencé pour les élèves : rentrée le lundi 4 septembre 2023." in text
    assert "Première étape : Période 1, à partir du lundi 14 août 2023" in text
    assert text.count("n'a pas encore commencé") == 1, text


def test_long_after_the_year_it_says_the_handbook_is_out_of_date_and_how_to_prepare_the_next(page, previous_year_site):
    text = now_text(page, previous_year_site, "2026-11-30")
    assert "L'année 2023-2024 est terminée : ce guide n'est plus à jour" in text
    assert ("À faire par la personne qui tient ce guide : pour préparer l'année 2026-2027, lancer « python3 build.py "
            "nouvelle-annee 2026-2027 »") in text
    assert "Toutes les périodes" not in text


def test_today_is_marked_on_the_year_strip_only_inside_the_year(page, previous_year_site):
    now_text(page, previous_year_site, "2024-01-15")
    assert page.locator("[data-strip-today]").get_attribute("visibility") == "visible"
    now_text(page, previous_year_site, "2026-11-30")
    assert page.locator("[data-strip-today]").get_attribute("visibility") == "hidden"


@pytest.mark.parametrize("width", [1280, 375, 320])
def test_the_month_names_under_the_year_strip_keep_their_shape_and_room(page, previous_year_site, width):
    # The strip is stretched to the page's width; its month names are drawn apart, so they are never squeezed
    # into unreadable slivers on a phone, nor cut at the right edge, nor written over each other.
    page.set_viewport_size({"width": width, "height": 900})
    page.goto((previous_year_site.config.output_dir / "index.html").as_uri())
    strip = page.locator(".year-strip").bounding_box()
    names = page.locator(".strip-month")
    boxes = [box for index in range(names.count()) if (box := names.nth(index).bounding_box())]
    assert len(boxes) >= 5
    for box in boxes:
        assert strip["x"] <= box["x"] and box["x"] + box["width"] <= strip["x"] + strip["width"] + 0.5
        assert 8 <= box["height"] <= 16 and box["width"] >= 1.2 * box["height"]  # « mai » at least, not a sliver
    assert all(left["x"] + left["width"] < right["x"] for left, right in zip(boxes, boxes[1:]))
