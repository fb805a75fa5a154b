"""Time to build one large guide: python bench/large_guide.py [--sizes 1 4 16] — prints seconds and
seconds per MB, asserts nothing. Each build runs in a fresh process, with --sans-cache, on a small
synthetic site (bench/synthetic.py) whose second guide is made of N MB of sections (a heading,
paragraphs, a list, a link), its headings repeated many times."""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from synthetic import write_site  # noqa: E402

SECTION = """\
## Étape {number}

Ouvrir Pix Orga, choisir la campagne {number} et vérifier la liste des élèves de la classe ;
relancer ceux qui n'ont pas commencé. Voir le [guide 0](guide-0.md#etapes).

1. Se connecter.
2. Ouvrir l'onglet « Activité ».

### Vérifier

Un paragraphe de plus, pour que la section ressemble à celles des vrais guides.

"""


def large_guide(megabytes: float) -> str:
    """A guide of about `megabytes` MB; its headings repeat (« Étape 7 » many times)."""
    parts = ["---\ntitre: Un très long guide\nroles: [referent]\n---\n\n## Étapes\n\nLire.\n\n"]
    size, number = 0, 0
    while size < megabytes * 1_000_000:
        number += 1
        parts.append(SECTION.format(number=number % 50))
        size += len(parts[-1].encode("utf-8"))
    return "".join(parts)


def build_seconds(megabytes: float) -> tuple[float, int, str]:
    """(seconds, exit code, end of the error output) of one build in a fresh process."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        write_site(root, 2, ROOT / "templates")
        (root / "content/guides/guide-1.md").write_text(large_guide(megabytes), encoding="utf-8")
        started = time.perf_counter()
        result = subprocess.run(
            [sys.executable, str(ROOT / "build.py"), "--sans-cache", "-q"],
            cwd=root,
            capture_output=True,
            text=True,
        )
        return time.perf_counter() - started, result.returncode, result.stderr.strip()[-300:]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=float, nargs="+", default=[1, 4, 16], metavar="MO")
    for megabytes in parser.parse_args().sizes:
        seconds, code, error = build_seconds(megabytes)
        print(
            f"{megabytes:g} Mo : {seconds:.1f} s, soit {seconds / megabytes:.2f} s par Mo "
            f"(code de sortie {code}) {error}",
            flush=True,
        )


if __name__ == "__main__":
    main()
