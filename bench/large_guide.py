"""Time to build one large guide: python bench/large_guide.py [--sizes 1 4 16] — prints seconds and seconds per
MB, asserts nothing. Each build runs in a fresh process, with --sans-cache, on a small site (tests/conftest.py's)
whose second guide is made of N MB of sections (a heading, paragraphs, a list), many headings alike."""
from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from conftest import BASE_FILES, write_files  # noqa: E402

SECTION = """\
## Étape {number}

Ouvrir Pix Orga, choisir la campagne {number} et vérifier la liste des élèves de la classe ; relancer
ceux qui n'ont pas commencé. Voir le [premier guide](premier.md#etapes).

1. Se connecter.
2. Ouvrir l'onglet « Activité ».

### Vérifier

Un paragraphe de plus, pour que la section ressemble à celles des vrais guides.

"""


def large_guide(megabytes: float) -> str:
    parts, size, number = ["---\ntitre: Second guide\n---\n\n## Étapes\n\nLire.\n\n"], 0, 0
    while size < megabytes * 1_000_000:
        number += 1
        part = SECTION.format(number=number % 50)  # headings repeat: « Étape 7 » many times
        parts.append(part)
        size += len(part.encode("utf-8"))
    return "".join(parts)


def build_seconds(megabytes: float) -> tuple[float, int, str]:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        write_files(root, {**BASE_FILES, "content/guides/second.md": large_guide(megabytes)})
        started = time.perf_counter()
        result = subprocess.run([sys.executable, str(ROOT / "build.py"), "--sans-cache", "-q"], cwd=root,
                                capture_output=True, text=True)
        return time.perf_counter() - started, result.returncode, result.stderr.strip()[-300:]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=float, nargs="+", default=[1, 4, 16])
    for megabytes in parser.parse_args().sizes:
        seconds, code, error = build_seconds(megabytes)
        print(f"{megabytes:g} Mo : {seconds:.1f} s, {seconds / megabytes:.2f} s/Mo, code {code} {error}", flush=True)


if __name__ == "__main__":
    main()
