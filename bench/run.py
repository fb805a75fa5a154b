"""Build benchmark: python bench/run.py [--sizes 1000 10000] [--rounds 3] — prints figures, asserts nothing.

Measures, each build in a fresh process unless said otherwise: the real handbook's cold build next to
a process that merely imports the libraries; cold builds of synthetic content (time, peak memory,
output size) side by side with MkDocs and Hugo on the same guides, the three tools run in turn so
that a noisy machine slows them alike (the best of the rounds is kept); a second run with nothing
changed; then, in one process as serve mode does, rebuilds after one guide changed. It ends with the
issue's targets, each with the ratio measured in this run and whether it is met.
"""
from __future__ import annotations

import argparse
import compileall
import os
import shutil
import statistics
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
EDITS = 5  # one-guide edits measured in serve mode; the median is kept


def timed(command: list[str], cwd: Path | None = None) -> tuple[float, float]:
    """(wall seconds, peak resident megabytes) of one run of a command."""
    started = time.perf_counter()
    child = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    if status:
        raise RuntimeError(f"{command[0]} a échoué ({status})")
    return seconds, usage.ru_maxrss / 1024


def side_by_side(config: Path, scratch: Path, rounds: int, with_mkdocs: bool) -> dict[str, tuple[float, float]]:
    """Cold builds of the same guides by this generator, MkDocs and Hugo, in turn: the best (seconds, megabytes)
    of `rounds` for each tool that could be run."""
    tools = {"ce générateur": (build_command(config, scratch / "nous", "--sans-cache"), scratch, scratch / "nous")}
    mkdocs, hugo = mkdocs_command() if with_mkdocs else None, hugo_command()
    if mkdocs:
        folder = write_mkdocs_project(config.parent / "content", scratch / "mkdocs")
        tools["MkDocs"] = (mkdocs, folder, folder / "site")
    if hugo:
        folder = write_hugo_project(config.parent / "content", scratch / "hugo")
        tools["Hugo"] = (hugo, folder, folder / "public")
    best = {name: (float("inf"), 0.0) for name in tools}
    for _ in range(rounds):
        for name, (command, cwd, output) in tools.items():
            shutil.rmtree(output, ignore_errors=True)  # every round is a first build, for every tool
            best[name] = min(best[name], timed(command, cwd))
    return best


def build_command(config: Path, output: Path, *options: str) -> list[str]:
    return [sys.executable, str(ROOT / "build.py"), "-q", *options, "--config", str(config), "--output", str(output)]


def cold_build(config: Path, output: Path) -> dict:
    """build.py in a new process, without the disk cache nor a previous output: wall time (start-up and imports
    included), peak memory, output."""
    shutil.rmtree(output, ignore_errors=True)
    seconds, megabytes = timed(build_command(config, output, "--sans-cache"))
    files = [path for path in output.rglob("*") if path.is_file()]
    return {"wall": seconds, "peak_mb": megabytes, "pages": sum(1 for path in files if path.suffix == ".html"),
            "output_mb": sum(path.stat().st_size for path in files) / 1e6}


def second_run(config: Path, output: Path) -> float:
    """A new run of build.py with nothing changed since the previous one."""
    command = build_command(config, output)
    timed(command)
    return timed(command)[0]


def copy_site(config: Path, scratch: Path) -> Path:
    """A copy of a site's sources (its templates stay where they are), so that the copy can be edited."""
    shutil.copytree(config.parent / "content", scratch / "content")
    lines = [line for line in config.read_text(encoding="utf-8").splitlines() if not line.startswith("dossier_gabarits:")]
    copy = scratch / config.name
    copy.write_text("\n".join(lines + [f"dossier_gabarits: {(ROOT / 'templates').as_posix()}", ""]), encoding="utf-8")
    return aged(copy)


def aged(config: Path) -> Path:
    """Date a site's sources a minute back, as files a référent saved a while ago: the build reads the
    content of files saved in the last seconds to be sure of them (see handbook/freshness.py)."""
    moment = time.time() - 60
    for path in [config, *(config.parent / "content").rglob("*")]:
        os.utime(path, (moment, moment))
    return config


def serve_rebuilds(config: Path, scratch: Path) -> tuple[float, float]:
    """(nothing changed, one guide changed: median of EDITS) in seconds, rebuilding in one process as serve
    mode does (same cache, told which files changed, memory settled between rebuilds). Works on a copy of
    the sources."""
    from handbook.pipeline import Cache, Options, build
    from handbook.serve import changed_files, settle_memory, source_snapshot
    config = copy_site(config, scratch)
    sources = [config.parent / "content", config]
    cache, options = Cache(), Options(config, output=scratch / "output")
    seen = source_snapshot(sources)
    build(options, cache)
    settle_memory()
    started = time.perf_counter()
    build(options, cache, set())
    unchanged = time.perf_counter() - started
    guide = sorted((config.parent / "content/guides").glob("*.md"))[0]
    text = guide.read_text(encoding="utf-8")
    times = []
    for edit in range(EDITS):
        guide.write_text(text + f"\nModification numéro {edit}.\n", encoding="utf-8")
        current = source_snapshot(sources)
        changed, seen = changed_files(seen, current), current
        settle_memory()
        started = time.perf_counter()
        build(options, cache, changed)
        times.append(time.perf_counter() - started)
    return unchanged, statistics.median(times)


def page_weight(output: Path, page: str) -> int:
    """Bytes of HTML, CSS and JS a browser downloads for one page (no cache)."""
    import re
    html = (output / page).read_text(encoding="utf-8")
    total = len(html.encode())
    for asset in re.findall(r'(?:href|src)="([^"]+\.(?:css|js))"', html):
        total += (output / page).parent.joinpath(asset).resolve().stat().st_size
    return total


def verdict(met: bool | None) -> str:
    """None: the comparison could not be made (a rival tool missing)."""
    return "NON MESURÉ" if met is None else "atteint" if met else "NON ATTEINT"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="*", default=[1000, 10000])
    parser.add_argument("--rounds", type=int, default=3, help="tours de mesure côte à côte (défaut 3)")
    parser.add_argument("--mkdocs-jusqua", type=int, default=2000,
                        help="taille au-delà de laquelle MkDocs n'est pas lancé (il y met des dizaines de minutes)")
    args = parser.parse_args()
    # Compiled like the libraries it is compared with, even where PYTHONDONTWRITEBYTECODE keeps Python
    # from doing it by itself (as in this project's sandbox): otherwise every run would compile it again.
    compileall.compile_dir(ROOT / "handbook", quiet=1)
    targets = []
    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        real_config = copy_site(ROOT / "site_config.yaml", scratch / "reel")
        first = cold_build(real_config, scratch / "reel/premier")  # compiles the templates into .cache/
        runs = [(timed([sys.executable, "-c", IMPORTS_ONLY])[0], cold_build(real_config, scratch / "reel/sortie"))
                for _ in range(5)]  # in turn, so that a noisy moment slows both
        imports = min(seconds for seconds, _ in runs)
        real = min((figures for _, figures in runs), key=lambda figures: figures["wall"])
        ratio = real["wall"] / imports
        print(f"Guide réel : {real['pages']} pages, construction à froid sans cache {real['wall']:.2f} s, mémoire max "
              f"{real['peak_mb']:.0f} Mo (tout premier lancement, gabarits à compiler : {first['wall']:.2f} s) ; "
              f"simple import des bibliothèques : {imports:.2f} s, rapport {ratio:.2f}")
        targets.append(("guide réel à froid < 2 × import des bibliothèques", f"×{ratio:.2f}", ratio < 2))
        print(f"Guide réel, nouveau lancement sans changement : {second_run(real_config, scratch / 'reel/sortie'):.2f} s")
        unchanged, one = serve_rebuilds(ROOT / "site_config.yaml", scratch / "reel-serve")
        print(f"Guide réel, mode serve : sans changement {unchanged * 1000:.0f} ms, un guide modifié {one * 1000:.0f} ms")
        print(f"Poids transféré : accueil {page_weight(scratch / 'reel/sortie', 'index.html') / 1000:.1f} ko, "
              f"guide {page_weight(scratch / 'reel/sortie', 'guides/importer-base-siecle.html') / 1000:.1f} ko (HTML+CSS+JS)")
        previous = None
        for size in args.sizes:
            config = aged(write_site(scratch / f"n{size}", size, ROOT / "templates"))
            figures = cold_build(config, scratch / f"n{size}/output")
            line = (f"{size} guides : {figures['pages']} pages, à froid {figures['wall']:.2f} s, "
                    f"mémoire max {figures['peak_mb']:.0f} Mo, sortie {figures['output_mb']:.1f} Mo")
            if previous:
                growth, output_growth = figures["wall"] / previous[1]["wall"], figures["output_mb"] / previous[1]["output_mb"]
                scale = size / previous[0]
                line += f" ; temps ×{growth:.1f} et sortie ×{output_growth:.1f} pour ×{scale:.0f} guides"
                targets.append((f"croissance linéaire du temps de {previous[0]} à {size} (≤ ×{scale * 1.1:.0f})",
                                f"×{growth:.1f}", growth <= scale * 1.1))
                targets.append((f"croissance linéaire de la sortie de {previous[0]} à {size}", f"×{output_growth:.1f}",
                                output_growth <= scale * 1.1))
            print(line, flush=True)
            if size >= 10000:
                targets.append((f"{size} guides : mémoire max < 300 Mo", f"{figures['peak_mb']:.0f} Mo", figures["peak_mb"] < 300))
            again = second_run(config, scratch / f"n{size}/output")
            print(f"   nouveau lancement sans changement : {again:.2f} s", flush=True)
            best = side_by_side(config, scratch / f"n{size}", args.rounds, size <= args.mkdocs_jusqua)
            ours = best["ce générateur"][0]
            print(f"   à froid, au mieux de {args.rounds} tours : " + " ; ".join(
                f"{name} {seconds:.2f} s, {megabytes:.0f} Mo" + ("" if name == "ce générateur" else
                                                                 f" (notre temps / le sien : {ours / seconds:.2f})")
                for name, (seconds, megabytes) in best.items()), flush=True)
            if "MkDocs" in best:
                speedup = best["MkDocs"][0] / ours
                targets.append((f"{size} guides à froid : ≥ 15 × plus rapide que MkDocs", f"{speedup:.1f} ×", speedup >= 15))
            elif size <= args.mkdocs_jusqua:
                targets.append((f"{size} guides à froid : MkDocs n'a pas pu être installé", "—", None))
            limit = 1.3 if size < 10000 else 1.0
            if "Hugo" in best:
                hugo = best["Hugo"][0]
                targets.append((f"{size} guides à froid : ≤ {limit} × Hugo", f"×{ours / hugo:.2f}", ours / hugo <= limit))
                if size >= 10000:
                    targets.append((f"{size} guides, nouveau lancement sans changement < 20 % de Hugo à froid",
                                    f"{again / hugo:.0%}", again / hugo < 0.2))
            else:
                targets.append((f"{size} guides à froid : ≤ {limit} × Hugo (Hugo n'a pas pu être installé)", "—", None))
            unchanged, one = serve_rebuilds(config, scratch / f"n{size}/serve")
            print(f"   mode serve : sans changement {unchanged * 1000:.0f} ms, un guide modifié {one * 1000:.0f} ms "
                  f"(médiane de {EDITS})", flush=True)
            if size == 1000:
                targets.append(("1000 guides, mode serve, un guide modifié < 100 ms", f"{one * 1000:.0f} ms", one < 0.1))
            previous = (size, figures)
    print("\nObjectifs (rapports de cette exécution) :")
    for name, measured, met in targets:
        print(f"  {verdict(met):12} {measured:>9}  {name}")


if __name__ == "__main__":
    main()
