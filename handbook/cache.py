"""The cache of processed guide bodies kept on disk between runs, so an unchanged guide is not parsed again
(the compiled templates are kept beside them, in templates_folder, by Jinja's own bytecode cache).

Each entry is named after what the result depends on: the body, its place in the file, the guide's
slug and format (the key computed by validate.py), and the generator's own code (CODE_VERSION), so a
new version of the generator never reads an old entry. The cache only saves time: a missing,
unreadable or unwritable entry is computed again, and the output is the same with or without it.
"""
from __future__ import annotations

import os
import pickle
import shutil
from pathlib import Path

from . import markdown
from .freshness import CODE_VERSION

FOLDER = Path(".cache") / "guide-pix"


def folder_for(root: Path) -> Path:
    return root / FOLDER / CODE_VERSION


def templates_folder(root: Path) -> Path:
    return folder_for(root) / "gabarits"


def load(folder: Path, keys: list[str]) -> dict[str, markdown.RenderedMarkdown]:
    found = {}
    for key in keys:
        try:
            found[key] = pickle.loads((folder / f"{key}.pickle").read_bytes())
        except Exception:  # noqa: BLE001 - a damaged entry is only a cache miss
            continue
    return found


def store(folder: Path, results: dict[str, markdown.RenderedMarkdown], used: set[str]) -> None:
    """Save new results and forget entries no guide uses any more (and older generator versions)."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for key, result in results.items():
            temporary = folder / f".{key}.{os.getpid()}"
            temporary.write_bytes(pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
            os.replace(temporary, folder / f"{key}.pickle")
        for path in folder.glob("*.pickle"):
            if path.stem not in used:
                path.unlink(missing_ok=True)
        for other in folder.parent.iterdir():
            if other != folder and other.is_dir():
                shutil.rmtree(other)
    except OSError:
        return
