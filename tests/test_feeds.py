"""Calendar feeds read back by three independent parsers, checked against RFC 5545 rules and across
rebuilds."""

from __future__ import annotations

import datetime as dt
import re

import icalendar
import pytest
import vobject
from conftest import CALENDAR, build_at, snapshot
from ical.calendar_stream import IcsCalendarStream

from handbook.site import feeds, ical

ONE_DAY = dt.timedelta(days=1)


def events_by_parser(data: bytes) -> dict[str, list[tuple[str, dt.date, dt.date, str]]]:
    """(uid, start, end exclusive, summary) of every event, as icalendar, ical and vobject each read
    them."""
    text = data.decode("utf-8")
    with_icalendar = [
        (str(e["UID"]), e.decoded("DTSTART"), e.decoded("DTEND"), str(e["SUMMARY"]))
        for e in icalendar.Calendar.from_ical(data).walk("VEVENT")
    ]
    with_ical = [
        (e.uid, e.dtstart, e.dtend, e.summary)
        for e in IcsCalendarStream.calendar_from_ics(text).events
    ]
    with_vobject = [
        (e.uid.value, e.dtstart.value, e.dtend.value, e.summary.value)
        for e in vobject.readOne(text).vevent_list
    ]
    return {"icalendar": with_icalendar, "ical": with_ical, "vobject": with_vobject}


def test_every_feed_has_every_period_and_milestone_for_the_right_role(real_site):
    handbook = real_site.handbook
    feeds = {
        "calendrier.ics": None,
        **{f"calendrier-{role.id}.ics": role for role in handbook.roles},
    }
    assert set(feeds) == {p for p in real_site.files if p.endswith(".ics")}
    for path, role in feeds.items():
        expected = [
            (p.start, p.end + ONE_DAY, p.title)
            for p in handbook.periods
            if not role or p.tasks.get(role.id)
        ]
        # a milestone for some roles only (« roles: », the référent's reminder) is in their feeds
        # and the whole one
        expected += [
            (m.date, m.date + ONE_DAY, m.title)
            for m in handbook.milestones
            if not role or m.concerns(role.id)
        ]
        for parser, events in events_by_parser(real_site.files[path]).items():
            found = sorted((start, end, summary) for _, start, end, summary in events)
            assert len(found) == len(expected) >= 8, (path, parser)
            for start, end, title in expected:
                assert any(
                    s == start and e == end and title in summary for s, e, summary in found
                ), (path, parser, title)
            if role:
                assert all(
                    summary.endswith(role.name)
                    for _, _, _, summary in events
                    if "Période" in summary
                )
    # 2026-2027: 8 periods, the rentrée campaigns' last class day and end, and the référent's
    # reminder to check whether the certification window is published (confirmed: a reminder has no
    # date to confirm)
    assert len(events_by_parser(real_site.files["calendrier.ics"])["ical"]) == 11
    assert b"jalon-fenetre-certification" in real_site.files["calendrier-referent.ics"]
    assert b"jalon-fenetre-certification" not in real_site.files["calendrier-enseignants.ics"]
    referent = icalendar.Calendar.from_ical(real_site.files["calendrier-referent.ics"])
    [reminder] = [
        event
        for event in referent.walk("VEVENT")
        if "jalon-fenetre-certification" in str(event["uid"])
    ]
    assert (
        "confirmer" not in str(reminder["summary"]) and str(reminder.get("status")) != "TENTATIVE"
    )


def test_a_role_with_nothing_to_do_in_a_period_gets_no_event_for_it(project):
    root = project(
        {"content/calendar.yaml": CALENDAR.replace("      eleves:\n        - Se connecter.\n", "")}
    )
    files = build_at(root).files
    summaries = sorted(
        summary for _, _, _, summary in events_by_parser(files["calendrier-eleves.ics"])["ical"]
    )
    assert summaries == ["Pix – Fin des campagnes", "Pix – Période 2 – Élèves"]
    full = icalendar.Calendar.from_ical(files["calendrier.ics"])
    period_1 = next(e for e in full.walk("VEVENT") if str(e["SUMMARY"]) == "Pix – Période 1")
    assert "Élèves" not in str(period_1["DESCRIPTION"]) and "Référent Pix\u00a0:" in str(
        period_1["DESCRIPTION"]
    )
    assert not any(
        b"Rien de particulier" in data for path, data in files.items() if path.endswith(".ics")
    )


def test_role_feed_lists_only_that_roles_tasks(real_site):
    calendar = icalendar.Calendar.from_ical(real_site.files["calendrier-enseignants.ics"])
    period_3 = next(
        e for e in calendar.walk("VEVENT") if str(e["SUMMARY"]).startswith("Pix – Période 3")
    )
    description = str(period_3["DESCRIPTION"])
    assert "Lancer des campagnes associées à son enseignement." in description
    assert "Importer la base SIECLE" not in description
    assert "https://intranet.college-exemple.fr/pix/periode-3.html" in description
    full = icalendar.Calendar.from_ical(real_site.files["calendrier.ics"])
    full_3 = next(e for e in full.walk("VEVENT") if str(e["SUMMARY"]) == "Pix – Période 3")
    assert "Importer la base SIECLE" in str(full_3["DESCRIPTION"]) and "Élèves\u00a0:" in str(
        full_3["DESCRIPTION"]
    )


@pytest.mark.parametrize(
    "path", ["calendrier.ics", "calendrier-referent.ics", "calendrier-eleves.ics"]
)
def test_feeds_follow_rfc_5545(real_site, path):
    data = real_site.files[path]
    assert data.endswith(b"\r\n") and b"\n" not in data.replace(b"\r\n", b"")
    lines = data.split(b"\r\n")[:-1]
    assert max(len(line) for line in lines) <= 75
    for line in lines:
        line.decode("utf-8")  # folding never splits a UTF-8 character
    unfolded = data.replace(b"\r\n ", b"").decode("utf-8").split("\r\n")
    for required in (
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "METHOD:PUBLISH",
        "REFRESH-INTERVAL;VALUE=DURATION:PT12H",
        "X-PUBLISHED-TTL:PT12H",
    ):
        assert required in unfolded
    assert any(line.startswith("PRODID:") for line in unfolded)
    names = [
        line.split(":", 1)[1] for line in unfolded if line.startswith(("NAME:", "X-WR-CALNAME:"))
    ]
    assert len(names) == 2 and names[0] == names[1] and not re.search(r"[,;]", names[0])
    assert "BEGIN:VALARM" not in unfolded
    uids = [line for line in unfolded if line.startswith("UID:")]
    assert len(uids) == len(set(uids)) == unfolded.count("BEGIN:VEVENT")
    assert all(
        re.fullmatch(r"DTSTAMP:\d{8}T\d{6}Z", line)
        for line in unfolded
        if line.startswith("DTSTAMP")
    )
    assert all(
        re.fullmatch(r"DT(START|END);VALUE=DATE:\d{8}", line)
        for line in unfolded
        if line.startswith(("DTSTART", "DTEND"))
    )
    assert unfolded.count("TRANSP:TRANSPARENT") == unfolded.count("BEGIN:VEVENT")


def _events(data: bytes) -> dict[str, bytes]:
    calendar = icalendar.Calendar.from_ical(data)
    return {str(event["UID"]): event.to_ical() for event in calendar.walk("VEVENT")}


def test_rebuild_keeps_uids_and_changes_only_edited_events(project, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    root = project()
    before = {
        path: _events(data) for path, data in build_at(root).files.items() if path.endswith(".ics")
    }
    edited = CALENDAR.replace("Faire le bilan.", "Faire le bilan de l'année.").replace(
        "fin: 2023-10-20", "fin: 2023-10-19"
    )
    project({"content/calendar.yaml": edited})
    after = {
        path: _events(data) for path, data in build_at(root).files.items() if path.endswith(".ics")
    }
    for path in before:
        assert set(before[path]) == set(after[path]), path
    changed = {
        path: sorted(uid for uid in before[path] if before[path][uid] != after[path][uid])
        for path in before
    }
    assert changed["calendrier.ics"] == [
        "pix-2023-2024-periode-1@guide-pix.invalid",
        "pix-2023-2024-periode-2@guide-pix.invalid",
    ]
    assert changed["calendrier-referent.ics"] == [
        "pix-2023-2024-periode-1-referent@guide-pix.invalid",
        "pix-2023-2024-periode-2-referent@guide-pix.invalid",
    ]
    assert changed["calendrier-eleves.ics"] == ["pix-2023-2024-periode-1-eleves@guide-pix.invalid"]


def _versions(data: bytes) -> dict[str, tuple[int, dt.datetime]]:
    """SEQUENCE and LAST-MODIFIED of every event, by UID, as two independent parsers read them."""
    text = data.decode("utf-8")
    with_vobject = {
        e.uid.value: (int(e.sequence.value), e.last_modified.value)
        for e in vobject.readOne(text).vevent_list
    }
    with_ical = {
        e.uid: (e.sequence, e.last_modified)
        for e in IcsCalendarStream.calendar_from_ics(text).events
    }
    assert with_vobject == with_ical
    return with_ical


def test_rewording_one_task_changes_exactly_that_events_sequence_and_last_modified(
    project, monkeypatch
):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    root = project()
    before = {
        path: _versions(data)
        for path, data in build_at(root).files.items()
        if path.endswith(".ics")
    }
    project(
        {"content/calendar.yaml": CALENDAR.replace("Faire le bilan.", "Faire le bilan de l'année.")}
    )
    after = {
        path: _versions(data)
        for path, data in build_at(root).files.items()
        if path.endswith(".ics")
    }
    changed = {
        path: sorted(uid for uid in before[path] if after[path][uid] != before[path][uid])
        for path in before
    }
    for path, uids in changed.items():  # what changes, changes both
        assert all(
            after[path][uid][0] != before[path][uid][0]
            and after[path][uid][1] != before[path][uid][1]
            for uid in uids
        )
    assert changed == {
        "calendrier.ics": ["pix-2023-2024-periode-2@guide-pix.invalid"],
        "calendrier-referent.ics": ["pix-2023-2024-periode-2-referent@guide-pix.invalid"],
        "calendrier-eleves.ics": [],
    }
    for versions in before.values():
        for sequence, modified in versions.values():
            assert 0 <= sequence < 2**31 and modified.tzinfo is not None


def test_uids_do_not_depend_on_the_public_address(project, tmp_path):
    root = project()
    with_address = {
        path: set(_events(data))
        for path, data in build_at(root, output=tmp_path / "a").files.items()
        if path.endswith(".ics")
    }
    config = root / "site_config.yaml"
    config.write_text(
        config.read_text().replace("url_publique: https://intranet.exemple.fr/pix\n", "")
    )
    without = {
        path: set(_events(data))
        for path, data in build_at(root, output=tmp_path / "b").files.items()
        if path.endswith(".ics")
    }
    assert with_address == without and len(without["calendrier.ics"]) == 3


def test_two_clean_builds_give_byte_identical_feeds(project, tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    root = project()
    first = build_at(root, output=tmp_path / "a", reuse=False).files
    second = build_at(root, output=tmp_path / "b", reuse=False).files
    feeds = [path for path in first if path.endswith(".ics")]
    assert len(feeds) == 3 and all(first[path] == second[path] for path in feeds)
    assert all(b"LAST-MODIFIED:" in first[path] and b"SEQUENCE:" in first[path] for path in feeds)


def test_unchanged_calendar_gives_identical_feeds_and_stamp_follows_source_date_epoch(
    project, tmp_path, monkeypatch
):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    root = project()
    build_at(root, output=tmp_path / "a")
    build_at(root, output=tmp_path / "b")
    first, second = snapshot(tmp_path / "a"), snapshot(tmp_path / "b")
    assert first == second
    assert b"DTSTAMP:20231114T221320Z" in first["calendrier.ics"]


def test_without_public_address_feeds_are_still_built_with_a_note(project):
    root = project()
    config = root / "site_config.yaml"
    config.write_text(
        config.read_text().replace("url_publique: https://intranet.exemple.fr/pix\n", "")
    )
    result = build_at(root)
    assert [note.field for note in result.notes] == ["url_publique"] and result.warnings == []
    assert "calendrier.ics" in result.files and not any(p.endswith(".svg") for p in result.files)
    page = result.files["abonnement.html"].decode()
    assert "webcal://" not in page and 'href="calendrier-eleves.ics" download' in page
    assert (
        "S'abonner dans Google Agenda" not in page and "Adresse à copier" not in page
    )  # no link it cannot give
    assert "Importer le fichier téléchargé" in page
    # readers' words: the option and its file are named in the build's note, not to teachers
    assert "url_publique" not in page and "site_config" not in page and "<code>" not in page
    assert "qui tient votre agenda à jour tout seul, n'est pas encore proposé" in page
    phones = page[page.index("Sur un téléphone") :]
    assert "Android" in phones and "iPhone" in phones and "l'app Mail" in phones
    assert b"URL:" not in result.files["calendrier.ics"]


def test_a_public_address_with_a_space_and_an_accent_is_percent_encoded_everywhere(project):
    root = project()
    config = root / "site_config.yaml"
    config.write_text(
        config.read_text().replace(
            "https://intranet.exemple.fr/pix", "https://intranet.exemple.fr/lycée pix/"
        )
    )
    result = build_at(root)
    files = result.files
    encoded = "intranet.exemple.fr/lyc%C3%A9e%20pix/calendrier-eleves.ics"
    page = files["abonnement.html"].decode()
    assert f'href="webcal://{encoded}"' in page and f'value="https://{encoded}"' in page
    assert (
        "cid=webcal%3A%2F%2Fintranet.exemple.fr%2Flyc%25C3%25A9e%2520pix%2Fcalendrier-eleves.ics"
        in page
    )
    eleves = next(
        feed for feed in feeds.feeds(result.handbook) if feed.path == "calendrier-eleves.ics"
    )
    assert files[eleves.qr_path] == ical.qr_svg(f"webcal://{encoded}", eleves.name)
    unfolded = files["calendrier-eleves.ics"].decode().replace("\r\n ", "").split("\r\n")
    links = [line.split(":", 1)[1] for line in unfolded if line.startswith("URL")]
    links += re.findall(r"https?://\S+", "\n".join(unfolded).replace("\\n", "\n"))
    assert "https://intranet.exemple.fr/lyc%C3%A9e%20pix/index.html" in links
    assert len(links) > 3 and all(" " not in link and link.isascii() for link in links)


def test_subscribe_page_offers_every_way_to_subscribe(real_site):
    page = real_site.files["abonnement.html"].decode()
    for role in ("referent", "enseignants", "eleves"):
        assert f'href="webcal://intranet.college-exemple.fr/pix/calendrier-{role}.ics"' in page
        assert (
            f"cid=webcal%3A%2F%2Fintranet.college-exemple.fr%2Fpix%2Fcalendrier-{role}.ics" in page
        )
        assert f'value="https://intranet.college-exemple.fr/pix/calendrier-{role}.ics"' in page
        svg = real_site.files[f"calendriers/qr-calendrier-{role}.svg"]
        assert svg.startswith(b"<?xml") and b"<svg" in svg
    assert (
        "Google Agenda" in page
        and "Thunderbird" in page
        and "Apple Calendrier" in page
        and "Outlook" in page
    )
    assert "jusqu'à une journée" in page and "en double" in page
