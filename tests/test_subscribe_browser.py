"""The Agenda page in Chromium, from file://: on a phone the reader's own calendar first with the
one action that works there, no QR code, the address copied by a button; on a computer every way,
and the QR codes."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

ANDROID = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/124.0.0.0 Mobile Safari/537.36"
)
IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like "
    "Gecko) Version/17.4 Mobile/15E148 Safari/604.1"
)
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def agenda(real_site, browser):
    """open(role, user_agent, viewport): the Agenda page as a reader who chose that role (« Je
    suis ») sees it."""
    contexts = []

    def open_page(role: str, user_agent: str | None = None, viewport=PHONE):
        context = browser.new_context(
            viewport=viewport,
            user_agent=user_agent,
            is_mobile=viewport == PHONE,
            has_touch=viewport == PHONE,
            locale="fr-FR",
        )
        context.grant_permissions(["clipboard-read", "clipboard-write"])
        contexts.append(context)
        page = context.new_page()
        page.goto((real_site.config.output_dir / "index.html").as_uri())
        if role:
            page.select_option("#mon-role", role)
        page.goto((real_site.config.output_dir / "abonnement.html").as_uri())
        return page

    yield open_page
    for context in contexts:
        context.close()


def feed_order(page) -> list[str]:
    return page.locator(".feed").evaluate_all("feeds => feeds.map(feed => feed.dataset.role)")


def test_on_an_android_phone_the_readers_calendar_comes_first_with_google(agenda):
    page = agenda("eleves", ANDROID)
    assert feed_order(page) == ["eleves", "", "referent", "enseignants"]
    mine = page.locator(".feed").first
    assert "votre calendrier" in mine.locator("h2").inner_text()
    action = mine.locator("[data-best-action] a")
    assert action.inner_text() == "S'abonner dans Google Agenda"
    assert action.get_attribute("href").startswith(
        "https://calendar.google.com/calendar/render?cid=webcal%3A%2F%2F"
    )
    assert "calendrier-eleves.ics" in action.get_attribute("href")
    box = action.bounding_box()
    assert (
        action.is_visible() and box["y"] + box["height"] <= PHONE["height"]
    )  # in the first screen
    assert not mine.locator(".feed-ways ul").is_visible()  # the other ways, one tap away
    assert page.locator(".qr").count() == 4 and not any(
        qr.is_visible() for qr in page.locator(".qr").all()
    )
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height < 2800, height  # 5,490 px before: five QR codes and every way of every calendar


def test_on_an_iphone_the_action_is_the_devices_own_calendar(agenda):
    page = agenda("enseignants", IPHONE)
    assert feed_order(page)[0] == "enseignants"
    action = page.locator(".feed").first.locator("[data-best-action] a")
    assert (
        action.get_attribute("href")
        == "webcal://intranet.college-exemple.fr/pix/calendrier-enseignants.ics"
    )


def test_without_a_chosen_role_the_full_calendar_comes_first(agenda):
    page = agenda("", ANDROID)
    assert feed_order(page) == ["", "referent", "enseignants", "eleves"]
    assert page.locator(".feed.is-mine h2").inner_text().startswith("Calendrier complet")


def test_the_address_is_whole_and_copied_by_its_button(agenda):
    page = agenda("eleves", ANDROID)
    mine = page.locator(".feed").first
    mine.locator("summary").click()
    field = mine.locator(".feed-url")
    assert field.input_value() == "https://intranet.college-exemple.fr/pix/calendrier-eleves.ics"
    field_box, page_width = (
        field.bounding_box(),
        page.evaluate("document.documentElement.clientWidth"),
    )
    assert field_box["x"] >= 0 and field_box["x"] + field_box["width"] <= page_width
    assert page.evaluate("document.documentElement.scrollWidth") <= page_width  # nothing sticks out
    mine.get_by_role("button", name="Copier l'adresse").click()
    # the copy resolves a promise: the status is awaited, not read at once (CI read it empty)
    expect(mine.locator(".copy-done")).to_have_text("Adresse copiée.")
    assert page.evaluate("navigator.clipboard.readText()") == field.input_value()


def test_on_a_computer_every_way_and_the_qr_codes_are_shown(agenda):
    page = agenda("eleves", None, {"width": 1200, "height": 900})
    assert feed_order(page)[0] == "eleves"
    assert all(qr.is_visible() for qr in page.locator(".qr").all())
    for feed in page.locator(".feed").all():
        assert feed.locator(".feed-ways ul").is_visible() and feed.locator(".feed-url").is_visible()


def test_the_internet_caveat_comes_before_any_google_button(agenda):
    """Google Agenda fetches the feed from the internet: the note that says so was below the big
    Google buttons; it is read first, and the reader's action still shows on the first screen."""
    page = agenda("enseignants", ANDROID)
    note = page.locator("main .note", has_text="Google Agenda").first
    action = page.locator("[data-best-action] a").first
    assert action.inner_text() == "S'abonner dans Google Agenda"
    box, above = action.bounding_box(), note.bounding_box()
    assert note.is_visible() and above["y"] + above["height"] <= box["y"]
    assert box["y"] + box["height"] <= PHONE["height"]
    google = page.locator("a[href^='https://calendar.google.com']")
    assert google.count() > 0
    follows = "(note, link) => !!(note.compareDocumentPosition(link) & 4)"  # link follows note
    assert all(note.evaluate(follows, link.element_handle()) for link in google.all())
