"""Checklists in the browser: ticks survive a reload and a rebuild; the page works without
JavaScript; on a phone, where the year is (with a faked date)."""

import io

from conftest import CALENDAR, FIRST_GUIDE, build_at
from pypdf import PdfReader


def test_ticks_survive_reload_and_unrelated_rebuild(project, page):
    root = project()
    build_at(root)
    checklist = (root / "output/role-referent.html").as_uri()
    page.goto(checklist)
    boxes = page.locator("input[data-task]")
    assert boxes.count() == 2
    assert page.locator("[data-progress-total]").inner_text() == "Année\u00a0: 0 tâche faite sur 2"
    boxes.nth(0).check()
    page.get_by_label("Faire le bilan.").check()
    page.reload()
    assert [boxes.nth(i).is_checked() for i in range(2)] == [True, True]
    assert (
        page.locator("[data-progress-total]").inner_text() == "Année\u00a0: 2 tâches faites sur 2"
    )
    assert page.locator("[data-progress]").first.inner_text() == "1 faite sur 1"

    project({"content/guides/premier.md": FIRST_GUIDE.replace("1. Ouvrir.", "1. Ouvrir Pix Orga.")})
    build_at(root)
    page.reload()
    assert [boxes.nth(i).is_checked() for i in range(2)] == [True, True]


def test_three_ticks_on_the_real_checklist(previous_year_site, page):
    page.goto((previous_year_site.config.output_dir / "role-referent.html").as_uri())
    boxes = page.locator("input[data-task]")
    for index in (0, 7, 30):
        boxes.nth(index).check()
    page.reload()
    assert [i for i in range(boxes.count()) if boxes.nth(i).is_checked()] == [0, 7, 30]
    assert "3 tâches faites sur 48" in page.locator("[data-progress-total]").inner_text()


def test_changed_task_is_a_new_unticked_task(project, page):
    root = project()
    build_at(root)
    page.goto((root / "output/role-eleves.html").as_uri())
    page.get_by_label("Se connecter.").check()
    project(
        {
            "content/calendar.yaml": (root / "content/calendar.yaml")
            .read_text()
            .replace("Se connecter.", "Se connecter à Pix.")
        }
    )
    build_at(root)
    page.reload()
    assert not page.get_by_label("Se connecter à Pix.").is_checked()


def test_a_task_with_an_id_stays_ticked_when_reworded_or_moved(project, page):
    """Its box follows its « id: »; the task beside it, without id, is unticked when reworded, as
    before. An id that is the word checklist.js tries the storage with is a task like another."""
    calendar = CALENDAR.replace(
        "        - Se connecter.\n",
        "        - id: connexion\n          texte: Se connecter.\n        - S'inscrire.\n"
        "        - id: essai\n          texte: Essayer.\n",
    )
    root = project({"content/calendar.yaml": calendar})
    build_at(root)
    page.goto((root / "output/role-eleves.html").as_uri())
    for label in ("Se connecter.", "S'inscrire.", "Essayer.", "Passer le test."):
        page.get_by_label(label, exact=True).check()
    page.reload()
    assert page.get_by_label("Essayer.", exact=True).is_checked()
    reworded = (
        calendar.replace("Se connecter.", "Se connecter à Pix.")
        .replace("S'inscrire.", "S'inscrire sur Pix.")
        .replace("Passer le test.", "Passer le test final.")
    )
    project({"content/calendar.yaml": reworded})
    build_at(root)
    page.reload()
    assert page.get_by_label("Se connecter à Pix.", exact=True).is_checked()
    assert page.get_by_label("Essayer.", exact=True).is_checked()
    assert not page.get_by_label("S'inscrire sur Pix.", exact=True).is_checked()
    assert not page.get_by_label("Passer le test final.", exact=True).is_checked()
    moved = reworded.replace(
        "        - id: connexion\n          texte: Se connecter à Pix.\n", ""
    ).replace(
        "        - texte: Passer le test final.\n",
        "        - id: connexion\n          texte: Se connecter à Pix.\n"
        "        - texte: Passer le test final.\n",
    )
    project({"content/calendar.yaml": moved})
    build_at(root)
    page.reload()
    moved_box = page.locator("#p2").locator("xpath=..").get_by_label("Se connecter à Pix.")
    assert moved_box.is_checked()
    assert "2 tâches faites sur 4" in page.locator("[data-progress-total]").inner_text()


def test_reset_unticks_everything_after_confirmation(project, page):
    root = project()
    build_at(root)
    page.goto((root / "output/role-referent.html").as_uri())
    page.locator("input[data-task]").nth(0).check()
    page.once("dialog", lambda dialog: dialog.dismiss())
    page.get_by_role("button", name="Tout décocher").click()
    assert page.locator("input[data-task]").nth(0).is_checked()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Tout décocher").click()
    page.reload()
    assert not page.locator("input[data-task]").nth(0).is_checked()


def test_checklist_without_javascript_still_has_boxes(real_site, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto((real_site.config.output_dir / "role-eleves.html").as_uri())
    page.locator("input[data-task]").first.check()
    assert page.locator("input[data-task]").first.is_checked()
    assert not page.get_by_role("button", name="Tout décocher").is_visible()
    context.close()


def test_on_a_phone_a_long_task_wraps_beside_its_box(previous_year_site, page):
    page.set_viewport_size({"width": 375, "height": 900})
    page.goto((previous_year_site.config.output_dir / "role-referent.html").as_uri())
    items = page.locator(".checklist li")
    wrapped = 0
    for index in range(items.count()):
        box, label = (
            items.nth(index).locator("input").bounding_box(),
            items.nth(index).locator("label").bounding_box(),
        )
        wrapped += label["height"] > 1.5 * box["height"]
        assert label["x"] >= box["x"] + box["width"], items.nth(
            index
        ).inner_text()  # not back under the box
    assert wrapped >= 3


PHONE = {"width": 375, "height": 667}


def open_checklist_on(page, site, day: str, role: str = "enseignants"):
    page.set_viewport_size(PHONE)
    page.clock.set_fixed_time(f"{day}T10:00:00")
    page.goto((site.config.output_dir / f"role-{role}.html").as_uri())
    return page


def test_on_a_phone_the_period_under_way_is_marked_and_one_tap_away(previous_year_site, page):
    """20 November 2023: période 3 (13 November – 15 December) is under way, 1 and 2 are over."""
    open_checklist_on(page, previous_year_site, "2023-11-20")
    current = page.locator(".role-period.is-current")
    assert current.count() == 1 and current.locator("h2 a").inner_text() == "Période 3"
    assert current.locator("h2 .badge").inner_text() == "en cours"
    jump = page.get_by_role("link", name="Aller à la période en cours")
    box = jump.bounding_box()
    assert box["y"] + box["height"] <= PHONE["height"]  # on the first screen, no scrolling
    jump.click()
    heading = current.locator("h2").bounding_box()
    assert 0 <= heading["y"] <= 50, heading
    finished = page.locator(".role-period.is-folded")
    titles = [section.locator("h2 a").inner_text() for section in finished.all()]
    assert titles == ["Période 1", "Période 2"]
    for section in finished.all():  # folded to heading and count: no finished task to scroll past
        assert section.locator("h2 .badge").inner_text() == "terminée"
        assert section.locator("[data-progress]").is_visible()
        tasks = section.locator(".checklist")
        assert tasks.count() == 1 and not tasks.is_visible()
    period_1 = page.get_by_role("link", name="Période 1", exact=True)
    first = page.locator(".role-period", has=period_1)
    show = first.locator(".fold-toggle")
    assert show.inner_text().startswith("Voir ")
    assert show.get_attribute("aria-expanded") == "false"
    show.click()
    assert first.locator(".checklist").is_visible()
    assert show.get_attribute("aria-expanded") == "true"
    assert page.locator(".role-period.is-current ~ .role-period .badge").count() == 0  # to come


def test_between_two_periods_the_next_one_is_marked_to_come(previous_year_site, page):
    open_checklist_on(page, previous_year_site, "2023-11-01")
    upcoming = page.locator(".role-period.is-next")
    assert upcoming.locator("h2 a").inner_text() == "Période 3"
    assert upcoming.locator(".badge").inner_text() == "à venir"
    page.get_by_role("link", name="Aller à la prochaine période").click()
    assert 0 <= upcoming.locator("h2").bounding_box()["y"] <= 50


def test_after_the_year_nothing_is_folded(previous_year_site, page):
    open_checklist_on(page, previous_year_site, "2024-08-20")
    assert page.locator(".role-period.is-folded, .jump, .role-period .badge").count() == 0
    assert all(tasks.is_visible() for tasks in page.locator(".checklist").all())


def test_the_count_of_a_period_says_how_many_are_done_then_of_how_many(previous_year_site, page):
    open_checklist_on(page, previous_year_site, "2023-11-20", "referent")
    current = page.locator(".role-period.is-current")
    boxes = current.locator("input[data-task]")
    total = boxes.count()
    assert total >= 3
    assert current.locator("[data-progress]").inner_text() == f"0 faite sur {total}"
    boxes.nth(0).check()
    assert current.locator("[data-progress]").inner_text() == f"1 faite sur {total}"
    boxes.nth(1).check()
    assert current.locator("[data-progress]").inner_text() == f"2 faites sur {total}"


def test_the_print_is_the_same_whatever_the_day(previous_year_site, page):
    """Folding and marks are for the screen: the checklist prints whole, without them, any day."""
    from test_print import flat

    printed = []
    for day in ("2023-08-01", "2024-03-20"):
        open_checklist_on(page, previous_year_site, day)
        page.emulate_media(media="print")
        assert all(tasks.is_visible() for tasks in page.locator(".checklist").all())
        reader = PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True)))
        printed.append((len(reader.pages), flat(" ".join(p.extract_text() for p in reader.pages))))
    assert printed[0] == printed[1]
    assert not any(mark in printed[1][1] for mark in ("en cours", "terminée", "Aller à"))
