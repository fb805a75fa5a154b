"""The one cache: a content-addressed store of what the build can always make again (processed guide
bodies, feed files), kept in `.cache/guide-pix/` beside site_config.yaml between runs and in memory
during a serve session.

An entry is named after a digest of the generator's code, of its kind (keys.entry_key) and of
everything it is made from, so a changed input or a new version of the generator simply looks for
another name. Entries are JSON: nothing found in the folder is ever executed or unpickled, and each
reader checks the shape of what it gets, so a damaged or planted entry is only a miss, made again
and overwritten. The store only saves time: a folder that cannot be read or written costs the work,
never the build."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path

FOLDER = Path(".cache") / "guide-pix"
SUFFIX = ".json"


def folder_for(root: Path) -> Path | None:
    """The store's folder for a project; None when it is a symbolic link (that could lead pruning
    elsewhere)."""
    folder = root / FOLDER
    return None if folder.is_symlink() or folder.parent.is_symlink() else folder


def compiled_templates_folder() -> Path | None:
    """Where Jinja keeps compiled templates between runs, as Python keeps its own in __pycache__.

    Compiled templates are code (Python's marshal format), so they are kept in the user's own cache
    folder ($XDG_CACHE_HOME or ~/.cache), private to them, never in the project folder that others
    may write; None when that folder cannot be made private."""
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    folder = base / "guide-pix" / "gabarits"
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        stat = folder.stat()
    except (OSError, RuntimeError):
        return None
    private = (
        stat.st_uid == os.getuid() and not stat.st_mode & 0o077 if hasattr(os, "getuid") else True
    )
    return folder if private and not folder.is_symlink() else None


class Store:
    """Values by key, in memory and, when a folder is given, on disk as JSON files.

    decode(json value) -> value must raise on anything it does not expect (any exception is a miss).
    """

    def __init__(self, folder: Path | None = None):
        self.folder = folder
        self.memory: dict[str, object] = {}
        self.used: set[str] = set()
        self.swept = False  # whether the folder was looked through for entries nobody uses

    def get(self, key: str, decode: Callable[[object], object]) -> object | None:
        self.used.add(key)
        if key in self.memory:
            return self.memory[key]
        if self.folder is None:
            return None
        try:
            value = decode(json.loads((self.folder / f"{key}{SUFFIX}").read_bytes()))
        except Exception:  # noqa: BLE001 - missing, damaged or hostile: a miss, made again
            return None
        self.memory[key] = value
        return value

    def put(self, key: str, data: bytes, decode: Callable[[object], object]) -> object:
        """Keep the JSON `data` under key; returns its value, decoded as a later read would decode
        it."""
        value = decode(json.loads(data))
        self.used.add(key)
        self.memory[key] = value
        if self.folder is not None:
            try:
                self.folder.mkdir(parents=True, exist_ok=True)
                temporary = self.folder / f".{key}.{os.getpid()}"
                temporary.write_bytes(data)
                os.replace(temporary, self.folder / f"{key}{SUFFIX}")
            except OSError:
                pass
        return value

    def keep(self, key: str) -> None:
        """Count an entry as used although this build did not need it (its files were already in
        place)."""
        self.used.add(key)

    def prune(self) -> None:
        """Forget every entry not used since the last prune, in memory and on disk. The first prune
        of a store also sweeps the folder of anything else: older versions' entries, files left by
        older generators."""
        unused = [key for key in self.memory if key not in self.used]
        self.memory = {key: value for key, value in self.memory.items() if key in self.used}
        if self.folder is not None and self.folder.is_dir():
            stale = [self.folder / f"{key}{SUFFIX}" for key in unused]
            if not self.swept:
                stale = [
                    path
                    for path in self.folder.iterdir()
                    if not (path.suffix == SUFFIX and path.stem in self.used)
                ]
                self.swept = True
            for path in stale:
                _remove(path)
        self.used = set()


def _remove(path: Path) -> None:
    try:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink(missing_ok=True)
    except OSError:
        pass
