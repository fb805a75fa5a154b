"""Build benchmark: python bench/run.py [--sizes 1000 10000] [--rounds 3] — prints figures, asserts nothing.

Measures, each in a fresh process: the real handbook's cold build next to a process that merely imports
the libraries; cold builds of synthetic content (time, peak memory, output size) side by side with
MkDocs and Hugo on the same guides, the three tools run in turn so that a noisy machine slows them
alike (the best of the rounds is kept); then, in one process as serve mode does, a no-op rebuild and
a rebuild after one guide changed; and the bytes a reader downloads for the home page and a guide page.
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from rivals import hugo_command, mkdocs_command, write_hugo_project, write_mkdocs_project  # noqa: E402
from synthetic import write_site  # noqa: E402

IMPORTS_ONLY = "import jinja2, markdown_it, yaml, icalendar"
def timed(command: list[str], cwd: Path | None = None) -> tuple[float, float]:
    """(wall seconds, peak resident megabytes) of one run of a command."""
    started = time.perf_counter()
    child = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    if status:
        raise RuntimeError(f"{command[0]} a échoué ({status})")
    return seconds, usage.ru_maxrss / 1024


def side_by_side(config: Path, scratch: Path, rounds: int, with_mkdocs: bool) -> str:
    """Cold builds of the same guides by this generator, MkDocs and Hugo, in turn; best of `rounds`."""
    tools = {"ce générateur": ([sys.executable, str(ROOT / "build.py"), "-q", "--sans-cache", "--config", str(config),
                                "--output", str(scratch / "nous")], scratch)}
    mkdocs, hugo = mkdocs_command() if with_mkdocs else None, hugo_command()
    if mkdocs:
        tools["MkDocs"] = (mkdocs, write_mkdocs_project(config.parent / "content", scratch / "mkdocs"))
    if hugo:
        tools["Hugo"] = (hugo, write_hugo_project(config.parent / "content", scratch / "hugo"))
    best = {name: (float("inf"), 0.0) for name in tools}
    for _ in range(rounds):
        for name, (command, cwd) in tools.items():
            best[name] = min(best[name], timed(command, cwd))
    ours = best["ce générateur"][0]
    parts = [f"{name} {seconds:.2f} s, {megabytes:.0f} Mo"
             + ("" if name == "ce générateur" else f" (notre temps / le sien : {ours / seconds:.2f})")
             for name, (seconds, megabytes) in best.items()]
    notes = [] if with_mkdocs else ["MkDocs non mesuré à cette taille (--mkdocs-jusqua)"]
    notes += [f"{name} non mesuré (installation impossible)" for name, found, wanted
              in (("MkDocs", mkdocs, with_mkdocs), ("Hugo", hugo, True)) if wanted and not found]
    return (f"   à froid, au mieux de {rounds} tours : " + " ; ".join(parts)
            + "".join(f"\n   {note}" for note in notes))


def cold_build(config: Path, output: Path) -> dict:
    """build.py in a new process, without the disk cache: wall time (start-up and imports included), peak memory, output."""
    seconds, megabytes = timed([sys.executable, str(ROOT / "build.py"), "-q", "--sans-cache", "--config", str(config),
                                "--output", str(output)])
    files = [path for path in output.rglob("*") if path.is_file()]
    return {"wall": seconds, "peak_mb": megabytes, "pages": sum(1 for path in files if path.suffix == ".html"),
            "output_mb": sum(path.stat().st_size for path in files) / 1e6}


def warm_build(config: Path, output: Path) -> float:
    """A second run of build.py on unchanged content, in a new process, with the disk cache filled by the first."""
    command = [sys.executable, str(ROOT / "build.py"), "-q", "--config", str(config), "--output", str(output)]
    timed(command)
    return timed(command)[0]


def serve_rebuilds(config: Path, scratch: Path) -> tuple[float, float]:
    """(no-op rebuild, one guide changed) in seconds, with the cache serve mode keeps between builds.

    Works on a copy of the site's sources, since it edits a guide.
    """
    from handbook.pipeline import Cache, Options, build
    shutil.copytree(config.parent / "content", scratch / "content")
    config = Path(shutil.copy(config, scratch / config.name))
    lines = [line for line in config.read_text(encoding="utf-8").splitlines() if not line.startswith("dossier_gabarits:")]
    config.write_text("\n".join(lines + [f"dossier_gabarits: {(ROOT / 'templates').as_posix()}", ""]), encoding="utf-8")
    cache, options = Cache(), Options(config, output=scratch / "output")
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
    parser.add_argument("--rounds", type=int, default=3, help="tours de mesure côte à côte (défaut 3)")
    parser.add_argument("--mkdocs-jusqua", type=int, default=2000,
                        help="taille au-delà de laquelle MkDocs n'est pas lancé (il y met des dizaines de minutes)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        imports = min(timed([sys.executable, "-c", IMPORTS_ONLY])[0] for _ in range(3))
        real = min((cold_build(ROOT / "site_config.yaml", scratch / "real") for _ in range(3)), key=lambda f: f["wall"])
        print(f"Guide réel : {real['pages']} pages, construction à froid (sans cache) {real['wall']:.2f} s "
              f"(simple import des bibliothèques : {imports:.2f} s, rapport {real['wall'] / imports:.2f}), "
              f"mémoire max {real['peak_mb']:.0f} Mo")
        print(f"Guide réel, nouveau lancement sans changement (cache disque) : "
              f"{warm_build(ROOT / 'site_config.yaml', scratch / 'real-warm'):.2f} s")
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
            print(f"   nouveau lancement sans changement (cache disque) : {warm_build(config, scratch / f'n{size}/warm'):.2f} s",
                  flush=True)
            print(side_by_side(config, scratch / f"n{size}", args.rounds, size <= args.mkdocs_jusqua), flush=True)
            noop, one = serve_rebuilds(config, scratch / f"n{size}/serve")
            print(f"{size} guides, mode serve : sans changement {noop * 1000:.0f} ms, "
                  f"un guide modifié {one * 1000:.0f} ms", flush=True)
            previous = (size, figures)


if __name__ == "__main__":
    main()
