"""Build benchmark: python bench/run.py [--sizes 1000 10000] — prints figures, asserts nothing.

Measures, each in a fresh process: the real handbook's cold build next to a process that merely imports
the libraries; cold builds of synthetic content (time, peak memory, output size); then, in one process
as serve mode does, a no-op rebuild and a rebuild after one guide changed; and the bytes a reader
downloads for the home page and a guide page.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from synthetic import write_site  # noqa: E402

IMPORTS_ONLY = "import jinja2, markdown_it, yaml, icalendar"
CHILD = """
import json, resource, sys, time
sys.path.insert(0, {root!r})
started = time.perf_counter()
from pathlib import Path
from handbook.pipeline import Options, build
result = build(Options(Path({config!r}), output=Path({output!r})))
print(json.dumps({{"seconds": time.perf_counter() - started, "pages": result.page_count,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}}))
"""


def timed(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    return time.perf_counter() - started


def cold_build(config: Path, output: Path) -> dict:
    """Build in a new Python process; wall time includes interpreter start-up and imports."""
    code = CHILD.format(root=str(ROOT), config=str(config), output=str(output))
    started = time.perf_counter()
    child = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    figures = json.loads(child.stdout)
    figures["wall"] = time.perf_counter() - started
    figures["output_mb"] = sum(p.stat().st_size for p in output.rglob("*") if p.is_file()) / 1e6
    return figures


def serve_rebuilds(config: Path, output: Path) -> tuple[float, float]:
    """(no-op rebuild, one guide changed) in seconds, with the cache serve mode keeps between builds."""
    from handbook.pipeline import Cache, Options, build
    cache, options = Cache(), Options(config, output=output)
    build(options, cache)
    started = time.perf_counter()
    build(options, cache)
    noop = time.perf_counter() - started
    guide = sorted((config.parent / "content/guides").glob("*.md"))[0]
    guide.write_text(guide.read_text(encoding="utf-8").replace("## Étapes", "## Étapes à suivre", 1), encoding="utf-8")
    started = time.perf_counter()
    build(options, cache)
    return noop, time.perf_counter() - started


def page_weight(output: Path, page: str) -> int:
    """Bytes of HTML, CSS and JS a browser downloads for one page (no cache)."""
    import re
    html = (output / page).read_text(encoding="utf-8")
    total = len(html.encode())
    for asset in re.findall(r'(?:href|src)="([^"]+\.(?:css|js))"', html):
        total += (output / page).parent.joinpath(asset).resolve().stat().st_size
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="*", default=[1000, 10000])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        imports = min(timed([sys.executable, "-c", IMPORTS_ONLY]) for _ in range(3))
        real = min((cold_build(ROOT / "site_config.yaml", scratch / "real") for _ in range(3)), key=lambda f: f["wall"])
        print(f"Guide réel : {real['pages']} pages, construction à froid {real['wall']:.2f} s "
              f"(simple import des bibliothèques : {imports:.2f} s, rapport {real['wall'] / imports:.2f}), "
              f"mémoire max {real['peak_mb']:.0f} Mo")
        noop, one = serve_rebuilds(ROOT / "site_config.yaml", scratch / "real-serve")
        print(f"Guide réel, mode serve : reconstruction sans changement {noop * 1000:.0f} ms, "
              f"après modification d'un guide {one * 1000:.0f} ms")
        print(f"Poids transféré : accueil {page_weight(scratch / 'real', 'index.html') / 1000:.1f} ko, "
              f"guide {page_weight(scratch / 'real', 'guides/importer-base-siecle.html') / 1000:.1f} ko (HTML+CSS+JS)")
        previous = None
        for size in args.sizes:
            config = write_site(scratch / f"n{size}", size, ROOT / "templates")
            figures = cold_build(config, scratch / f"n{size}/output")
            line = (f"{size} guides : {figures['pages']} pages, à froid {figures['wall']:.2f} s, "
                    f"mémoire max {figures['peak_mb']:.0f} Mo, sortie {figures['output_mb']:.1f} Mo")
            if previous:
                line += (f" ; temps ×{figures['wall'] / previous[1]['wall']:.1f} et sortie "
                         f"×{figures['output_mb'] / previous[1]['output_mb']:.1f} pour ×{size / previous[0]:.0f} guides")
            print(line, flush=True)
            noop, one = serve_rebuilds(config, scratch / f"n{size}/serve")
            print(f"{size} guides, mode serve : sans changement {noop * 1000:.0f} ms, "
                  f"un guide modifié {one * 1000:.0f} ms", flush=True)
            previous = (size, figures)


if __name__ == "__main__":
    main()
