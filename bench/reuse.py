"""What the build's reuse saves: python bench/reuse.py [--sizes 0 1000] [--rounds 3]; prints
figures.

For the shipped handbook (size 0) and synthetic handbooks of N guides, each build in a new process
(start-up and imports included): cold without .cache/ (--sans-cache), cold with .cache/ kept (no
output folder), nothing changed (the whole-build no-op), one guide edited (per-file reuse and the
store); then in one process as serve does: nothing changed, one guide edited. Best of the rounds.
Run it from another checkout to compare two versions of the generator.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from run import aged, copy_site, removed, serve_rebuilds, timed  # noqa: E402
from synthetic import write_site  # noqa: E402


def command(config: Path, *options: str) -> list[str]:
    return [sys.executable, str(ROOT / "build.py"), "-q", *options, "--config", str(config)]


def edited(config: Path, number: int) -> None:
    guide = sorted((config.parent / "content/guides").glob("*.md"))[0]
    guide.write_text(guide.read_text(encoding="utf-8") + f"\nAjout {number}.\n", "utf-8")


def figures(config: Path, rounds: int) -> dict[str, float]:
    output = config.parent / "output"
    cache = config.parent / ".cache"
    found: dict[str, list[float]] = {}
    for number in range(rounds):
        removed(output)
        removed(cache)
        cold = timed(command(config, "--sans-cache"))[0]
        found.setdefault("froide, sans .cache/", []).append(cold)
        removed(output)
        found.setdefault("froide, .cache/ gardé", []).append(timed(command(config))[0])
        aged(config)
        timed(command(config))
        found.setdefault("rien de changé", []).append(timed(command(config))[0])
        edited(config, number)
        aged(config)
        found.setdefault("un guide modifié", []).append(timed(command(config))[0])
    with tempfile.TemporaryDirectory() as scratch:
        unchanged, edits = serve_rebuilds(config, Path(scratch))
    found["serve : rien de changé"] = [unchanged]
    found["serve : un guide modifié (médiane)"] = [edits[len(edits) // 2]]
    return {name: min(times) for name, times in found.items()}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="*", default=[0, 1000])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    for size in args.sizes:
        with tempfile.TemporaryDirectory() as scratch:
            scratch = Path(scratch)
            if size:
                config = aged(write_site(scratch / "site", size, ROOT / "templates"))
            else:
                (scratch / "site").mkdir()
                config = copy_site(ROOT / "site_config.yaml", scratch / "site")
            started = time.perf_counter()
            found = figures(config, args.rounds)
            name = f"{size} guides" if size else "guide livré"
            print(f"{name} ({time.perf_counter() - started:.0f} s de mesure)")
            for what, seconds in found.items():
                print(f"  {what:40} {seconds * 1000:7.0f} ms")


if __name__ == "__main__":
    main()
