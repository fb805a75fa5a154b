"""The same synthetic guides built by MkDocs and by Hugo, for side-by-side timings.

MkDocs goes into its own virtual environment (bench/.venv-mkdocs); Hugo comes from Debian's package.
Both build plain pages: MkDocs with its built-in theme and use_directory_urls false, Hugo with a
minimal layout of our own and no theme.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
MKDOCS_ENV = HERE / ".venv-mkdocs"
FRONT_MATTER = re.compile(r"\A---\ntitre: (.*?)\n.*?\n---\n", re.S)

HUGO_CONFIG = """baseURL = "https://intranet.exemple.fr/pix/"
languageCode = "fr"
title = "Banc d'essai"
uglyURLs = true
relativeURLs = true
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT"]
"""
HUGO_LAYOUT = """<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body><main><h1>{{ .Title }}</h1>{{ .Content }}</main></body></html>
"""
HUGO_LIST = """<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body><main><h1>{{ .Title }}</h1><ul>{{ range .Pages -}}
<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul></main></body></html>
"""


def mkdocs_command() -> list[str] | None:
    executable = MKDOCS_ENV / "bin/mkdocs"
    if not executable.exists():
        subprocess.run([sys.executable, "-m", "venv", str(MKDOCS_ENV)], check=True)
        install = subprocess.run(
            [str(MKDOCS_ENV / "bin/pip"), "install", "--quiet", "mkdocs==1.6.1"]
        )
        if install.returncode:
            return None
    return [str(executable), "build", "--quiet", "--clean"]


def hugo_command() -> list[str] | None:
    """Hugo from the Debian package, installed when missing (package lists first: a fresh machine
    has none); None where it cannot be installed."""
    if not shutil.which("hugo"):
        sudo = [] if os.geteuid() == 0 else ["sudo"]
        for step in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", "hugo"]):
            subprocess.run(sudo + step, capture_output=True)
    return ["hugo", "--quiet"] if shutil.which("hugo") else None


def _guides(content: Path):
    for path in sorted((content / "guides").glob("*.md")):
        text = path.read_text(encoding="utf-8")
        match = FRONT_MATTER.match(text)
        yield path.name, match.group(1), text[match.end() :]


def write_mkdocs_project(content: Path, root: Path) -> Path:
    docs = root / "docs"
    docs.mkdir(parents=True, exist_ok=True)
    for name, title, body in _guides(content):
        (docs / name).write_text(f"# {title}\n\n{body}", encoding="utf-8")
    (docs / "index.md").write_text("# Banc d'essai\n", encoding="utf-8")
    (root / "mkdocs.yml").write_text(
        "site_name: Banc d'essai\nuse_directory_urls: false\n", encoding="utf-8"
    )
    return root


def write_hugo_project(content: Path, root: Path) -> Path:
    pages = root / "content/guides"
    pages.mkdir(parents=True, exist_ok=True)
    for name, title, body in _guides(content):
        (pages / name).write_text(f'---\ntitle: "{title}"\n---\n{body}', encoding="utf-8")
    layouts = root / "layouts/_default"
    layouts.mkdir(parents=True, exist_ok=True)
    (layouts / "single.html").write_text(HUGO_LAYOUT, encoding="utf-8")
    (layouts / "list.html").write_text(HUGO_LIST, encoding="utf-8")
    (root / "hugo.toml").write_text(HUGO_CONFIG, encoding="utf-8")
    return root
