"""« En ce moment », the role filter and the offline search, in Chromium with a fixed clock, from
file://."""

from __future__ import annotations

import datetime as dt

import pytest


@pytest.fixture
def at_date(previous_year_site, page):
    def open_home(day: dt.date, name: str = "index.html"):
        page.clock.set_fixed_time(dt.datetime(day.year, day.month, day.day, 10, 0))
        page.goto((previous_year_site.config.output_dir / name).as_uri())
        return page

    return open_home


def test_during_a_period_the_home_page_shows_it_and_its_tasks(at_date):
    page = at_date(dt.date(2023, 11, 20))
    now = page.locator("[data-now]")
    assert now.is_visible()
    assert (
        "Nous sommes en Période 3, jusqu'au vendredi 15 décembre 2023\u00a0: encore 20 jours de "
        "classe, aujourd'hui compris."
    ) in now.inner_text()  # four weeks of school, from Monday 20 November
    referent = now.locator(".now-role", has=page.get_by_role("heading", name="Référent Pix"))
    assert referent.locator("li").all_inner_texts()[:2] == [
        "Importer la base SIECLE dans Pix Orga.",
        "Identifier les comptes élèves inactifs.",
    ]
    assert referent.locator("li").count() == 5
    assert page.locator(".timeline .is-current").get_attribute("data-period-start") == "2023-11-13"
    assert page.locator(".nav-now").inner_text() == "En ce moment\u00a0: Période 3"
    referent.get_by_role("link", name="Identifier les comptes élèves inactifs.").click()
    page.wait_for_url("**/guides/comptes-inactifs.html")


def test_during_holidays_the_next_period_is_shown(at_date):
    page = at_date(dt.date(2023, 11, 1))
    text = page.locator("[data-now]").inner_text()
    assert (
        "Entre deux périodes. Prochaine étape\u00a0: Période 3, à partir du lundi 13 novembre "
        "2023 (dans 12 jours)." in text
    )
    assert page.locator(".nav-now").inner_text() == "À venir\u00a0: Période 3"
    assert page.locator(".timeline .is-next").get_attribute("data-period-start") == "2023-11-13"


def test_countdown_to_the_next_milestone(at_date):
    page = at_date(dt.date(2024, 2, 28))
    assert (
        "Début de la certification collège dans 5 jours (lundi 4 mars 2024)."
        in page.locator("[data-now]").inner_text()
    )


def test_current_period_is_marked_in_the_navigation_of_every_page(at_date):
    page = at_date(dt.date(2024, 5, 2), "guides/sessions-pix-certif.html")
    link = page.locator(".nav-now a")
    assert link.inner_text() == "Période 6"
    link.click()
    assert page.url.endswith("/periode-6.html")


def test_without_javascript_the_home_page_still_lists_every_period(previous_year_site, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto((previous_year_site.config.output_dir / "index.html").as_uri())
    assert not page.locator("[data-now]").is_visible()
    assert page.locator(".timeline-period").count() == 8
    assert not page.locator("#recherche").is_visible()
    context.close()


def search(page, text):
    page.fill("#recherche", text)
    page.wait_for_selector("#recherche-resultats:not([hidden]) li")
    return page.locator(".search-hit")


def test_search_finds_the_siecle_guide_first(at_date):
    page = at_date(dt.date(2023, 11, 20))
    hits = search(page, "siecle")
    assert hits.first.inner_text() == "Importer la base SIECLE dans Pix Orga"
    assert page.locator("#recherche-resultats mark").first.inner_text() == "SIECLE"


def test_search_ignores_accents_and_finds_sections(at_date):
    page = at_date(dt.date(2023, 11, 20))
    titles = search(page, "non certifiable").all_inner_texts()
    assert "Proposer des campagnes SOS aux élèves non certifiables" in titles
    assert search(page, "eleve").count() > 0
    assert search(page, "élève").all_inner_texts() == search(page, "ELEVE").all_inner_texts()


def test_search_by_keyboard_only(at_date):
    page = at_date(dt.date(2023, 11, 20))
    page.locator("body").press("/")
    assert page.evaluate("document.activeElement.id") == "recherche"
    page.keyboard.type("surveillant")
    page.wait_for_selector("#recherche-resultats:not([hidden]) li")
    page.keyboard.press("ArrowDown")
    first = page.evaluate("document.activeElement.textContent")
    assert first and "urveillant" in first
    page.keyboard.press("Enter")
    page.wait_for_url("**/guides/**")


def test_no_result_is_said(at_date):
    page = at_date(dt.date(2023, 11, 20))
    page.fill("#recherche", "zzzzqqq")
    page.wait_for_selector("#recherche-resultats:not([hidden])")
    assert "Aucun résultat" in page.locator(".search-status").inner_text()


def test_role_filter_puts_the_chosen_role_first_and_survives_reload(at_date):
    page = at_date(dt.date(2023, 11, 20), "periode-5.html")

    def order():
        return page.locator("[data-role-order] > [data-role]").evaluate_all(
            "n => n.map(e => e.dataset.role)"
        )

    assert order() == ["referent", "enseignants", "eleves"]
    page.select_option("#mon-role", "eleves")
    assert order() == ["eleves", "referent", "enseignants"]
    page.reload()
    assert order() == ["eleves", "referent", "enseignants"]
    assert page.locator("#mon-role").input_value() == "eleves"
    page.goto(page.url.replace("periode-5.html", "index.html"))
    assert page.locator(".now-role h3").first.inner_text() == "Élèves"
    page.select_option("#mon-role", "")
    page.reload()
    assert page.locator(".now-role h3").first.inner_text() == "Référent Pix"


def test_search_counts_every_hit_and_shows_a_few_per_page(at_date):
    """« SOS »: the real count, never more than three hits of one guide at first, and « voir
    plus »."""
    page = at_date(dt.date(2023, 11, 20))
    search(page, "SOS")
    expected = page.evaluate("""() => {
        const main = window.GUIDE_PIX_RECHERCHE, parts = window.GUIDE_PIX_RECHERCHE_PARTIES;
        return main.parties.flatMap((path, position) => parts[position + 1]).concat(main.entrees)
            .filter(entry => (entry.t + " " + entry.x).toLowerCase().includes("sos"))
            .map(entry => entry.u);
    }""")
    pages = {url.split("#")[0] for url in expected}
    assert len(expected) > 12 and len(pages) > 1
    status = page.locator(".search-status").inner_text()
    assert status == f"{len(expected)} résultats dans {len(pages)} pages"
    shown = page.locator(".search-hit").evaluate_all(
        "links => links.map(link => link.getAttribute('href'))"
    )
    per_page = {}
    for url in shown:
        per_page[url.split("#")[0]] = per_page.get(url.split("#")[0], 0) + 1
    assert max(per_page.values()) == 3 and len(shown) < len(expected)
    more = page.locator(".search-more button").first
    crowded = next(url for url, count in per_page.items() if count == 3)
    hidden = sum(1 for url in expected if url.split("#")[0] == crowded) - 3
    assert more.inner_text().startswith(f"Voir {hidden} autre")
    more.click()
    assert page.evaluate("document.activeElement.className") == "search-hit"
    again = page.locator(".search-hit").evaluate_all(
        "links => links.map(link => link.getAttribute('href'))"
    )
    assert sum(1 for url in again if url.split("#")[0] == crowded) == hidden + 3
    while page.locator(".search-more button").count():
        page.locator(".search-more button").first.click()
    assert page.locator(".search-hit").count() == len(expected)


def test_a_large_site_searches_every_part_of_its_index(project, page):
    """Past GUIDES_PER_PART guides the index comes in several files, loaded at the first search from
    file://; a word found in a guide of each part, and in the calendar, is found as in a single
    index."""
    from conftest import build_at

    from handbook.site.search import GUIDES_PER_PART

    count = GUIDES_PER_PART + 5
    root = project(
        {
            f"content/guides/g{number:03}.md": f"---\ntitre: Guide {number}\n---\n\n## Étapes\n\n"
            f"Le mot hippocampe{number} et le mot commun.\n"
            for number in range(count)
        }
    )
    build_at(root)
    output = root / "output"
    assert sorted(path.name for path in output.glob("recherche*.js")) == [
        "recherche-1.js",
        "recherche-2.js",
        "recherche.js",
    ]
    page.goto((output / "guides/g000.html").as_uri())
    assert search(page, "hippocampe3").first.inner_text() == "Guide 3 › Étapes"
    assert (
        search(page, f"hippocampe{count - 1}").first.inner_text() == f"Guide {count - 1} › Étapes"
    )
    assert page.locator(".search-status").inner_text() == "1 résultat"
    search(page, "commun")
    assert page.locator(".search-status").inner_text() == f"{count} résultats dans {count} pages"
    assert search(page, "bilan").first.inner_text() == "Faire le bilan."


@pytest.mark.parametrize("width", [1280, 375])
def test_the_search_box_shows_its_whole_hint(at_date, width):
    page = at_date(dt.date(2023, 11, 20))
    page.set_viewport_size({"width": width, "height": 900})
    needed, room = page.evaluate("""() => {
        const box = document.querySelector('#recherche'), style = getComputedStyle(box);
        const ruler = document.createElement('canvas').getContext('2d');
        ruler.font = style.font;
        return [ruler.measureText(box.placeholder).width,
                box.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight)];
    }""")
    assert needed < room, (needed, room)


def on_a_phone_as(page, role: str):
    page.set_viewport_size({"width": 375, "height": 667})
    if role:
        page.select_option("#mon-role", role)
    return page


def test_a_teacher_searching_to_launch_a_campaign_gets_their_guide_first(at_date):
    """« lancer une campagne » once matched re*lancer* first: whole words and titles come first,
    then the reader's role; the teachers' guide must be the first hit, on the first phone screen.
    """
    page = on_a_phone_as(at_date(dt.date(2023, 11, 20)), "enseignants")
    hits = search(page, "lancer une campagne")
    assert hits.first.inner_text() == "Lancer des campagnes associées à son enseignement"
    box = hits.first.bounding_box()
    assert box["y"] + box["height"] <= 667
    titles = hits.all_inner_texts()
    first_relance = next(i for i, title in enumerate(titles) if "relancer" in title.lower())
    teachers_task = titles.index("Lancer des campagnes associées à son enseignement.")
    assert teachers_task < first_relance, titles


def test_whole_words_rank_above_a_word_inside_another_for_every_reader(at_date):
    page = at_date(dt.date(2023, 11, 20))
    titles = search(page, "lancer une campagne").all_inner_texts()
    assert titles[0] == "Lancer des campagnes associées à son enseignement", titles


def test_the_reader_s_role_comes_first_among_equal_hits(at_date):
    page = at_date(dt.date(2023, 11, 20))

    def first_task(titles):
        return next(title for title in titles if title.endswith("."))

    assert first_task(search(page, "campagne SOS").all_inner_texts()) != PUPILS_SOS_TASK
    page.select_option("#mon-role", "eleves")
    page.fill("#recherche", "")
    assert first_task(search(page, "campagne SOS").all_inner_texts()) == PUPILS_SOS_TASK


PUPILS_SOS_TASK = "Participer à la campagne SOS si non certifiable."


@pytest.mark.parametrize(
    "typo, found", [("campagen", "campagne"), ("certifcation", "certification")]
)
def test_one_typo_is_tolerated(at_date, typo, found):
    page = at_date(dt.date(2023, 11, 20))
    hits = search(page, typo)
    assert hits.count() > 3
    titles = hits.all_inner_texts()
    assert all(found in title.lower() for title in titles[:3]), titles
    assert "Aucun résultat" not in page.locator(".search-status").inner_text()


def test_a_number_is_not_a_typo(project, page):
    guide = "---\ntitre: Guide un\n---\n\n## Étapes\n\nLe code ABCDE12.\n"
    root = project({"content/guides/g1.md": guide})
    from conftest import build_at

    build_at(root)
    page.goto((root / "output/index.html").as_uri())
    page.fill("#recherche", "abcde13")
    page.wait_for_selector("#recherche-resultats:not([hidden])")
    assert "Aucun résultat" in page.locator(".search-status").inner_text()


def test_on_a_phone_the_results_panel_is_as_wide_as_the_screen(at_date):
    page = on_a_phone_as(at_date(dt.date(2023, 11, 20)), "")
    search(page, "campagne")
    panel = page.locator("#recherche-resultats").bounding_box()
    box = page.locator("#recherche").bounding_box()
    assert panel["x"] == 0 and panel["width"] == 375, panel
    assert box["y"] + box["height"] <= panel["y"] <= box["y"] + box["height"] + 16, (box, panel)


def _luminance(rgb: str) -> float:
    inside = rgb[rgb.index("(") + 1 : rgb.index(")")]
    channels = [int(value) / 255 for value in inside.split(",")[:3]]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(one: str, other: str) -> float:
    light, dark = sorted((_luminance(one), _luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_search_box_focus_ring_is_the_site_s_focus_colour_not_the_error_red(at_date, scheme):
    """The ring was the error red (#b3261e): it is the colour of the site's links and controls,
    with at least 3:1 against the header it is drawn on (WCAG 2.1 AA, 1.4.11), in both themes."""
    page = at_date(dt.date(2023, 11, 20))
    page.emulate_media(color_scheme=scheme)
    page.locator("body").press("/")
    ring, style, width, link, header = page.evaluate("""() => {
        const box = getComputedStyle(document.activeElement);
        return [box.outlineColor, box.outlineStyle, parseFloat(box.outlineWidth),
                getComputedStyle(document.querySelector('.site-nav a:not([aria-current])')).color,
                getComputedStyle(document.querySelector('.site-header')).backgroundColor];
    }""")
    assert style == "solid" and width >= 2
    assert ring == link, (ring, link)
    red, green, blue = (int(value) for value in ring[ring.index("(") + 1 : -1].split(",")[:3])
    assert not (red > 1.5 * green and red > 1.5 * blue), ring
    assert _contrast(ring, header) >= 3, (ring, header)
