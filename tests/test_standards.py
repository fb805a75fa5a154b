"""Standards on every page of the real handbook: valid HTML, no serious axe violation in light and
dark, no broken link or anchor, nothing loaded from another host, no horizontal scroll on a phone;
and proof, on a deliberately broken site, that each check can fail."""

from __future__ import annotations

from pathlib import Path

import pytest
from checks import axe_violations, broken_links, external_loads, html_errors, html_pages
from conftest import ROOT

BROKEN = ROOT / "tests/fixtures/site-casse"
ARTIFACTS = ROOT / "tests/artifacts/captures"


@pytest.fixture(scope="module")
def site(real_site) -> Path:
    return real_site.config.output_dir


def test_every_page_is_valid_html(site, figures):
    errors = html_errors(site)
    figures["pages validées (Nu Html Checker)"] = len(html_pages(site))
    figures["erreurs HTML"] = len(errors)
    assert errors == []


def test_no_serious_accessibility_violation_in_light_and_dark(site, real_site, browser, figures):
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    page = context.new_page()
    outside: list[str] = []
    own = ("file://", real_site.config.base_url)
    page.on(
        "request",
        lambda request: outside.append(request.url) if not request.url.startswith(own) else None,
    )
    violations, audits = [], 0
    for path in html_pages(site):
        for scheme in ("light", "dark"):
            violations += axe_violations(page, path.as_uri(), scheme)
            audits += 1
    context.close()
    figures["audits axe-core (pages × thèmes clair et sombre)"] = audits
    figures["violations axe graves ou critiques"] = len(violations)
    assert violations == []
    assert (
        outside == []
    )  # the 404 page's <base> names the site's own address, which is not another host


def test_every_internal_link_and_anchor_resolves(site, figures):
    checked, problems = broken_links(site)
    figures["liens internes vérifiés"] = checked
    figures["liens cassés"] = len(problems)
    assert checked > 500 and problems == []


def test_nothing_is_loaded_from_another_host(site):
    assert external_loads(site) == []


def test_no_page_scrolls_sideways_on_a_phone_and_screenshots_are_written(site, browser, figures):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": 360, "height": 740}, device_scale_factor=1)
    page = context.new_page()
    too_wide = []
    for path in html_pages(site):
        page.goto(path.as_uri())
        if not page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"):
            too_wide.append(str(path.relative_to(site)))
    shots = {
        "accueil": "index.html",
        "periode": "periode-5.html",
        "guide": "guides/importer-base-siecle.html",
        "affiche": "affiche-a3.html",
    }
    for width, label in ((1280, "bureau"), (360, "telephone")):
        page.set_viewport_size({"width": width, "height": 900})
        for name, file in shots.items():
            page.goto((site / file).as_uri())
            page.screenshot(path=ARTIFACTS / f"{name}-{label}.png", full_page=True)
    context.close()
    figures["captures écrites dans tests/artifacts/captures"] = len(list(ARTIFACTS.glob("*.png")))
    assert too_wide == [] or too_wide == ["affiche-a3.html", "affiche-a4.html"], too_wide


def test_the_checks_catch_a_deliberately_broken_site(browser):
    checked, problems = broken_links(BROKEN)
    assert any("lien cassé page-absente.html" in p for p in problems)
    assert any("ancre absente #ancre-absente" in p for p in problems)
    assert any("cdn.exemple.net" in p for p in external_loads(BROKEN))
    assert any("alt" in error for error in html_errors(BROKEN))
    page = browser.new_page()
    page.route("https://**/*", lambda route: route.abort())
    found = axe_violations(page, (BROKEN / "index.html").as_uri(), "light")
    page.close()
    assert any("image-alt" in v for v in found) and any("color-contrast" in v for v in found)


def test_the_academie_report_is_valid_and_accessible(tmp_path, browser):
    """The report page of an académie (handbook/academie/): valid HTML, no serious axe violation in
    light and dark, its links to each school's site resolve."""
    import shutil

    from handbook.academie.run import build_academie

    academie = tmp_path / "academie"
    shutil.copytree(ROOT / "tests/fixtures/academie", academie)
    code, lines = build_academie(academie)
    assert code == 0, lines
    report = academie / "rapport"
    assert html_errors(report) == []
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    page = context.new_page()
    violations = []
    for scheme in ("light", "dark"):
        violations += axe_violations(page, (report / "index.html").as_uri(), scheme)
    links = page.locator("a[href$='index.html']").evaluate_all("links => links.map(a => a.href)")
    context.close()
    phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = phone.new_page()
    page.goto((report / "index.html").as_uri())
    sideways = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    phone.close()
    assert sideways <= 0  # nothing sticks out on a phone
    assert violations == []
    assert len(links) == 3 and all(Path(link.removeprefix("file://")).is_file() for link in links)
