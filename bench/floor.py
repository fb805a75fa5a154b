"""Floor-2, the stack's own limit: python bench/floor.py CONTENT OUTPUT [--workers 2].

A bare program that does only what every guide page needs with the libraries this generator is built
on: it imports them, reads each guide, parses its front matter with PyYAML and its body once with
markdown-it-py, renders it through one Jinja template and writes one HTML file, on two processes.
Whatever the generator spends beyond this is its own overhead.
"""

from __future__ import annotations

import argparse
import multiprocessing
from pathlib import Path

import icalendar  # noqa: F401  imported because the generator imports it: part of the floor
import jinja2
import yaml
from markdown_it import MarkdownIt

PAGE = jinja2.Template("""<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8"><title>{{ title }}</title></head>
<body><main><h1>{{ title }}</h1>
{{ body }}</main></body></html>
""")


def build_share(share: tuple[list[str], str]) -> int:
    """Build the pages of a list of guides; returns the bytes written."""
    paths, output = share
    parser = MarkdownIt("commonmark").enable("table")
    written = 0
    for path in map(Path, paths):
        _, head, body = path.read_text(encoding="utf-8").split("---\n", 2)
        title = yaml.safe_load(head)["titre"]
        page = PAGE.render(
            title=title, body=jinja2.utils.markupsafe.Markup(parser.render(body))
        ).encode()
        written += Path(output, path.stem + ".html").write_bytes(page)
    return written


def build(content: Path, output: Path, workers: int) -> int:
    guides = sorted(str(path) for path in (content / "guides").glob("*.md"))
    output.mkdir(parents=True, exist_ok=True)
    shares = [(guides[index::workers], str(output)) for index in range(workers)]
    if workers == 1:
        return build_share(shares[0])
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        return sum(pool.map(build_share, shares))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("content", type=Path)
    parser.add_argument("output", type=Path)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    build(args.content, args.output, args.workers)


if __name__ == "__main__":
    main()
