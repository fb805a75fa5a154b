"""Checklists in the browser: ticks survive a reload and a rebuild; the page works without JavaScript."""
from conftest import FIRST_GUIDE, build_at


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
    assert page.locator("[data-progress-total]").inner_text() == "Année\u00a0: 2 tâches faites sur 2"
    assert page.locator("[data-progress]").first.inner_text() == "1 sur 1 faite"

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
    project({"content/calendar.yaml": (root / "content/calendar.yaml").read_text().replace("Se connecter.", "Se connecter à Pix.")})
    build_at(root)
    page.reload()
    assert not page.get_by_label("Se connecter à Pix.").is_checked()


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
        box, label = items.nth(index).locator("input").bounding_box(), items.nth(index).locator("label").bounding_box()
        wrapped += label["height"] > 1.5 * box["height"]
        assert label["x"] >= box["x"] + box["width"], items.nth(index).inner_text()  # not back under the box
    assert wrapped >= 3
