"""The README's nginx lines on a real nginx (Debian nginx-light): feeds and types at the root and
under an aliased sub-path, and the 404 page deep in the site, with and without url_publique."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from conftest import ROOT, build_at
from test_serve import free_port, wait_for

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def readme_snippet() -> str:
    """The nginx block of the README, exactly as a reader copies it."""
    blocks = re.findall(
        r"```nginx\n(.*?)```", (ROOT / "README.md").read_text(encoding="utf-8"), re.DOTALL
    )
    assert len(blocks) == 1
    return blocks[0]


def nginx_config(folder: Path, port: int, sites: dict[str, Path], snippet: str) -> str:
    """A whole nginx configuration of its own in folder: each site served at its location (/ with
    root, the others with alias), the README's lines inside each location, and 404.html as the error
    page."""
    locations = []
    for location, site in sites.items():
        serve = f"root {site};" if location == "/" else f"alias {site}/;"
        locations.append(
            f"location {location} {{\n{serve}\n{snippet}\nerror_page 404 {location}404.html;\n}}"
        )
    temp = "\n".join(
        f"{kind}_temp_path {folder / kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    user = (
        "user root;" if os.geteuid() == 0 else ""
    )  # workers must read the sites in the test's own folder
    return f"""{user}
daemon off;
worker_processes 1;
pid {folder / "nginx.pid"};
error_log {folder / "error.log"};
events {{ worker_connections 64; }}
http {{
include /etc/nginx/mime.types;
default_type application/octet-stream;
access_log off;
{temp}
server {{
listen 127.0.0.1:{port};
{chr(10).join(locations)}
}}
}}
"""


def head(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.headers["Content-Type"]
    except urllib.error.HTTPError as error:
        return error.code, error.headers["Content-Type"]


@pytest.fixture(scope="module")
def nginx(tmp_path_factory):
    """nginx serving one built site at / and at /sans-adresse/ (no url_publique), the other at /pix/
    (url_publique ending in /pix/); the base address of the server. Stopped after the module's
    tests."""
    assert os.path.exists(NGINX), "nginx manque : lancez « make test », qui installe nginx-light"
    folder = tmp_path_factory.mktemp("nginx")
    project = folder / "projet"
    shutil.copytree(ROOT / "tests/fixtures/lycee-exemple", project)
    with_address = build_at(project, output=folder / "avec").config.output_dir
    config = project / "site_config.yaml"
    config.write_text(re.sub(r"\nurl_publique: .*", "", config.read_text()))
    without = build_at(project, output=folder / "sans").config.output_dir
    port = free_port()
    sites = {"/": without, "/pix/": with_address, "/sans-adresse/": without}
    (folder / "nginx.conf").write_text(nginx_config(folder, port, sites, readme_snippet()))
    checked = subprocess.run(
        [
            NGINX,
            "-t",
            "-p",
            str(folder),
            "-e",
            str(folder / "error.log"),
            "-c",
            str(folder / "nginx.conf"),
        ],
        capture_output=True,
        text=True,
    )
    assert checked.returncode == 0, checked.stderr
    process = subprocess.Popen(
        [
            NGINX,
            "-p",
            str(folder),
            "-e",
            str(folder / "error.log"),
            "-c",
            str(folder / "nginx.conf"),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(lambda: head(base + "/index.html")[0] == 200)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.mark.parametrize("prefix", ["/", "/pix/"])
def test_feeds_and_files_have_their_types_at_the_root_and_under_an_alias(nginx, prefix):
    expected = {
        "calendrier.ics": "text/calendar; charset=utf-8",
        "calendrier-eleves.ics": "text/calendar; charset=utf-8",
        "index.html": "text/html; charset=utf-8",
        "guides/compte-eleve.html": "text/html; charset=utf-8",
        "static/style.css": "text/css; charset=utf-8",
        "static/site.js": "application/javascript; charset=utf-8",
        "recherche.js": "application/javascript; charset=utf-8",
    }
    if prefix == "/pix/":
        expected["calendriers/qr-calendrier.svg"] = "image/svg+xml; charset=utf-8"
    for path, kind in expected.items():
        assert head(nginx + prefix + path) == (200, kind), path


@pytest.mark.parametrize("prefix", ["/pix/", "/sans-adresse/", "/"])
def test_the_404_page_keeps_its_style_and_links_deep_in_the_site(nginx, page, prefix):
    response = page.goto(nginx + prefix + "a/b/c/x.html")
    assert response.status == 404
    page.wait_for_function(
        """() => [...document.styleSheets].some(sheet => {
        try { return sheet.href && sheet.cssRules.length > 20; }
        catch (error) { return false; } })""",
        timeout=5000,
    )
    sheet = page.evaluate("[...document.styleSheets].map(sheet => sheet.href).filter(Boolean)")
    assert sheet == [nginx + prefix + "static/style.css"]
    links = page.eval_on_selector_all("main a", "links => links.map(link => link.href)")
    assert links == [nginx + prefix + "index.html", nginx + prefix + "guides/index.html"]
    assert (
        page.evaluate("getComputedStyle(document.querySelector('.site-nav')).display") != "inline"
    )
