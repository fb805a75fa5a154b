"""Golden tests: two small fixture sites built with a fixed SOURCE_DATE_EPOCH are compared, file by
file, with the expected trees stored beside them (attendu/): tests/fixtures/golden/ (roles, periods,
guide formats, files, an intranet address) and tests/fixtures/golden-annee/ (a holiday zone, an
archived year, guides that quote the calendar, no intranet address).

When a change to the output is intended, regenerate the expected tree on purpose, then review it
with `git diff tests/fixtures/golden/`:

    make golden        (or: .venv/bin/python tests/test_golden.py)
"""

from __future__ import annotations

import difflib
import os
import shutil
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from handbook.build.pipeline import Options, build  # noqa: E402
from handbook.build.write import MARKER  # noqa: E402

GOLDEN = [HERE / "fixtures/golden", HERE / "fixtures/golden-annee"]
EPOCH = "1730000000"  # 27 octobre 2024
SHOWN_LINES = 40  # of each file's diff


def build_golden(site: Path, output: Path) -> dict[str, bytes]:
    """Every file of the fixture site built into output, the build's marker aside (it records
    dates)."""
    saved = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    try:
        build(Options(site / "site_config.yaml", output=output, strict=True, reuse=False))
    finally:
        if saved is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = saved
    return tree(output)


def tree(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and path.name != MARKER
    }


def differences(expected: dict[str, bytes], built: dict[str, bytes]) -> list[str]:
    """A readable account of what differs: files missing or unexpected, and a unified diff of each
    changed one."""
    lines = [f"manque : {path}" for path in sorted(expected.keys() - built.keys())]
    lines += [f"en trop : {path}" for path in sorted(built.keys() - expected.keys())]
    for path in sorted(expected.keys() & built.keys()):
        if expected[path] != built[path]:
            diff = list(
                difflib.unified_diff(
                    expected[path].decode("utf-8", "replace").splitlines(),
                    built[path].decode("utf-8", "replace").splitlines(),
                    f"attendu/{path}",
                    f"construit/{path}",
                    lineterm="",
                    n=1,
                )
            )
            lines += diff[:SHOWN_LINES] + (
                [f"… ({len(diff) - SHOWN_LINES} lignes de plus)"] if len(diff) > SHOWN_LINES else []
            )
    return lines


@pytest.mark.parametrize("golden", GOLDEN, ids=lambda folder: folder.name)
def test_the_fixture_site_is_built_as_expected(golden, tmp_path):
    problems = differences(
        tree(golden / "attendu"), build_golden(golden / "site", tmp_path / "site")
    )
    assert not problems, (
        "la sortie a changé ; si c'est voulu, régénérez-la avec « make golden » "
        "et relisez « git diff tests/fixtures/ » :\n" + "\n".join(problems)
    )


def test_a_difference_is_shown_readably():
    expected = {"a.html": b"<p>un</p>\n<p>deux</p>\n", "b.css": b"x"}
    built = {"a.html": b"<p>un</p>\n<p>trois</p>\n", "c.js": b"y"}
    assert differences(expected, built) == [
        "manque : b.css",
        "en trop : c.js",
        "--- attendu/a.html",
        "+++ construit/a.html",
        "@@ -1,2 +1,2 @@",
        " <p>un</p>",
        "-<p>deux</p>",
        "+<p>trois</p>",
    ]


def regenerate() -> None:
    for golden in GOLDEN:
        expected = golden / "attendu"
        shutil.rmtree(expected, ignore_errors=True)
        files = build_golden(golden / "site", expected)
        (expected / MARKER).unlink()
        print(f"{len(files)} fichiers attendus réécrits dans {expected.relative_to(HERE.parent)}")
    print("Relisez « git diff tests/fixtures/ » avant de les valider.")


if __name__ == "__main__":
    regenerate()
