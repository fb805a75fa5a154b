import datetime as dt

from handbook import urls
from handbook.model import Period, Role


def test_slugify_strips_accents_and_punctuation():
    assert urls.slugify("Période 1 : SIECLE") == "periode-1-siecle"
    assert urls.slugify("  Élèves / Parents ") == "eleves-parents"


def test_relative_links_between_folders():
    assert urls.relative("index.html", "guides/a.html") == "guides/a.html"
    assert urls.relative("guides/a.html", "index.html") == "../index.html"
    assert urls.relative("guides/a.html", "guides/b.html#etapes") == "b.html#etapes"
    assert urls.relative("guides/a.html", "#haut") == "#haut"


def test_paths_of_model_objects():
    period = Period(3, "Période 3", dt.date(2023, 11, 13), dt.date(2023, 12, 15), {}, ())
    assert urls.path_of(period) == "periode-3.html"
    assert urls.path_of(Role("eleves", "Élèves", "")) == "role-eleves.html"


def test_absolute_urls_are_quoted():
    assert (
        urls.absolute("https://x.fr/pix/", "calendrier-élèves.ics")
        == "https://x.fr/pix/calendrier-%C3%A9l%C3%A8ves.ics"
    )


def test_relative_paths_match_posixpath_for_site_paths():
    import posixpath

    folders = ["", "guides", "calendriers", "a/b"]
    targets = [
        "index.html",
        "guides/x.html",
        "guides/index.html",
        "static/style.css",
        "a/b/c.html",
        "a/d.html",
    ]
    for folder in folders:
        for target in targets:
            expected = posixpath.relpath(target, folder or ".")
            assert (
                urls.relative(f"{folder}/page.html" if folder else "page.html", target) == expected
            ), (folder, target)


def test_the_addresses_templates_need_come_from_urls():
    from handbook.model import Role

    role = Role("eleves", "Élèves", "")
    assert [urls.to_root(page) for page in ("index.html", "guides/a.html")] == ["", "../"]
    assert (urls.feed_path(None), urls.feed_path(role)) == (
        "calendrier.ics",
        "calendrier-eleves.ics",
    )
    assert (
        urls.feed_qr_path(role) == "calendriers/qr-calendrier-eleves.svg"
        and urls.feed_anchor(role) == "calendrier-eleves"
    )
    assert urls.role_anchor(role) == "role-eleves"
    assert (urls.printed_anchor("g"), urls.printed_anchor("g", "etapes")) == ("g", "g-etapes")


def test_templates_write_no_address_of_their_own():
    import re
    from pathlib import Path

    templates = Path(__file__).resolve().parents[1] / "templates"
    for path in templates.rglob("*.html"):
        text = re.sub(
            r"{%-?\s*(extends|include)[^%]*%}", "", path.read_text(encoding="utf-8")
        )  # template names
        assert not re.search(
            r"""url\(\s*['"]|['"][\w/-]+\.(html|ics|js|css|svg)['"]|\[:-\d+\]""", text
        ), path.name


def test_public_addresses_are_encoded_once():
    assert (
        urls.absolute("https://intranet.exemple.fr/lycée pix/", "calendrier.ics")
        == "https://intranet.exemple.fr/lyc%C3%A9e%20pix/calendrier.ics"
    )
    assert (
        urls.absolute("https://intranet.exemple.fr/lyc%C3%A9e%20pix/", "a b.html")
        == "https://intranet.exemple.fr/lyc%C3%A9e%20pix/a%20b.html"
    )
    assert (
        urls.encoded_address("https://lycée.exemple.fr:8443/pix/")
        == "https://xn--lyce-dpa.exemple.fr:8443/pix/"
    )
    assert urls.address_path("https://intranet.exemple.fr/lycée pix/") == "/lyc%C3%A9e%20pix/"
