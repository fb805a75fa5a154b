"""Build benchmark: python bench/run.py [--cas tout|construction|serve|academie]
[--sizes 1000 10000] [--rounds 3] — prints figures, asserts nothing.

Measures, each build in a fresh process unless said otherwise: the real handbook's cold build (no
output folder; with .cache/ kept, then without: --sans-cache) next to a process that merely imports
the libraries; cold builds of synthetic content (time, peak memory, bytes written) side by side with
floor-2 (bench/floor.py: the same libraries in a bare loop on two processes), MkDocs and Hugo on the
same guides, the tools run in turn so that a noisy machine slows them alike (the best time of each
is shown; the targets take the median of the rounds' ratios, each between two runs made one after
the other); a second run with nothing changed; then, in one process as serve mode does, rebuilds
after one guide changed. It ends with the targets, each with the ratio to floor-2 (or to the
import-only process) measured in this run and whether it is met; MkDocs and Hugo are references, not
targets. The serve case (bench/reload.py) times a save until the open page shows it, in Chromium,
for the shipped handbook and for 1,000 guides next to Hugo's server.
"""

from __future__ import annotations

import argparse
import compileall
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import nullcontext
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import reload  # noqa: E402
from academie import academie_figures  # noqa: E402
from rivals import hugo_command, mkdocs_command, write_hugo_project, write_mkdocs_project  # noqa: E402
from synthetic import write_site  # noqa: E402

IMPORTS_ONLY = "import jinja2, markdown_it, yaml, icalendar"
EDITS = (
    9  # one-guide edits measured in serve mode; the median is kept, with the fastest and slowest
)
FLOOR = "plancher-2"  # bench/floor.py: the libraries alone, on two processes
OURS = "ce générateur"


def timed(command: list[str], cwd: Path | None = None) -> tuple[float, float]:
    """(wall seconds, peak resident megabytes) of one run of a command."""
    started = time.perf_counter()
    child = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    if status:
        raise RuntimeError(f"{command[0]} a échoué ({status})")
    return seconds, usage.ru_maxrss / 1024


@dataclass
class Comparison:
    """Cold builds of the same guides by each tool, run in turn, round after round."""

    best: dict[
        str, tuple[float, float, int]
    ]  # tool → best (seconds, megabytes) of the rounds, bytes it wrote
    ratios: list[
        float
    ]  # our time / floor-2's in each round: the two ran one after the other, on a like machine
    writes: float  # best seconds of one_writer

    @property
    def ratio(self) -> float:
        """The median of the rounds' ratios: a slow spell of the machine that falls on one tool only
        moves one round, where the best of each tool's rounds could pair a lucky run with an unlucky
        one."""
        return statistics.median(self.ratios)


def side_by_side(config: Path, scratch: Path, rounds: int, with_mkdocs: bool) -> Comparison:
    """Cold builds of the same guides by this generator, floor-2, MkDocs and Hugo, in turn, for each
    tool that could be run; then our site's files written by one process alone (one_writer)."""
    content = config.parent / "content"
    tools = {
        OURS: (build_command(config, scratch / "nous", "--sans-cache"), scratch, scratch / "nous"),
        FLOOR: (
            [sys.executable, str(ROOT / "bench/floor.py"), str(content), str(scratch / "plancher")],
            scratch,
            scratch / "plancher",
        ),
    }
    mkdocs, hugo = mkdocs_command() if with_mkdocs else None, hugo_command()
    if mkdocs:
        folder = write_mkdocs_project(content, scratch / "mkdocs")
        tools["MkDocs"] = (mkdocs, folder, folder / "site")
    if hugo:
        folder = write_hugo_project(content, scratch / "hugo")
        tools["Hugo"] = (hugo, folder, folder / "public")
    best = {name: (float("inf"), 0.0) for name in tools}
    ratios, writes = [], float("inf")
    for _ in range(rounds):
        times = {}
        for name, (command, cwd, output) in tools.items():
            removed(output)  # every round is a first build, for every tool
            times[name] = timed(command, cwd)
            best[name] = min(best[name], times[name])
        ratios.append(times[OURS][0] / times[FLOOR][0])
        writes = min(writes, one_writer(scratch / "nous", scratch / "ecritures"))
    return Comparison(
        {name: (*best[name], folder_bytes(output)) for name, (_, _, output) in tools.items()},
        ratios,
        writes,
    )


def one_writer(site: Path, target: Path) -> float:
    """Seconds one process takes to write the files of our site (same paths, same bytes, read
    beforehand): the share of our build that its one writer (handbook/build/write.py) cannot hand to
    another process, while floor-2 writes from both of its processes."""
    files = {
        path.relative_to(site): path.read_bytes() for path in site.rglob("*") if path.is_file()
    }
    removed(target)
    started = time.perf_counter()
    for relative, data in files.items():
        path = target / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return time.perf_counter() - started


def removed(folder: Path) -> None:
    """Remove a previous output and wait until the disk has done so: on a file system that trims
    freed blocks (ext4 mounted with discard, as on these machines), deleting a thousand files slows
    the next run's file creations for seconds, and would charge one tool for another's deletions."""
    shutil.rmtree(folder, ignore_errors=True)
    os.sync()
    time.sleep(SETTLE_SECONDS)


SETTLE_SECONDS = 1


def folder_bytes(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


KINDS = ("pages des guides", "guides à imprimer", "index de recherche", "autres pages et fichiers")


def kind_of(path: str) -> str:
    """What a file of our site is, for the bytes written by page type."""
    if path.startswith("guides/tout-imprimer"):
        return KINDS[1]
    if path.startswith("guides/") and path != "guides/index.html":
        return KINDS[0]
    return KINDS[2] if re.fullmatch(r"recherche(-[0-9]+)?\.js", path) else KINDS[3]


def bytes_by_kind(folder: Path) -> dict[str, int]:
    """Bytes our site writes, by page type (see kind_of)."""
    sizes = dict.fromkeys(KINDS, 0)
    for path in folder.rglob("*"):
        if path.is_file():
            sizes[kind_of(path.relative_to(folder).as_posix())] += path.stat().st_size
    return sizes


def build_command(config: Path, output: Path, *options: str) -> list[str]:
    return [
        sys.executable,
        str(ROOT / "build.py"),
        "-q",
        *options,
        "--config",
        str(config),
        "--output",
        str(output),
    ]


def cold_build(config: Path, output: Path, keep_cache: bool = False) -> dict:
    """build.py in a new process, without a previous output and, unless keep_cache, without the
    cache (.cache/): wall time (start-up and imports included), peak memory, output."""
    removed(output)
    seconds, megabytes = timed(
        build_command(config, output, *(() if keep_cache else ("--sans-cache",)))
    )
    files = [path for path in output.rglob("*") if path.is_file()]
    return {
        "wall": seconds,
        "peak_mb": megabytes,
        "pages": sum(1 for path in files if path.suffix == ".html"),
        "output_mb": sum(path.stat().st_size for path in files) / 1e6,
    }


def second_run(config: Path, output: Path) -> float:
    """A new run of build.py with nothing changed since the previous one."""
    command = build_command(config, output)
    timed(command)
    return timed(command)[0]


def copy_site(config: Path, scratch: Path) -> Path:
    """A copy of a site's sources that can be edited (its templates stay where they are)."""
    shutil.copytree(config.parent / "content", scratch / "content")
    lines = [
        line
        for line in config.read_text(encoding="utf-8").splitlines()
        if not line.startswith("dossier_gabarits:")
    ]
    copy = scratch / config.name
    copy.write_text(
        "\n".join(lines + [f"dossier_gabarits: {(ROOT / 'templates').as_posix()}", ""]),
        encoding="utf-8",
    )
    return aged(copy)


def aged(config: Path) -> Path:
    """Date a site's sources a minute back, as files a référent saved a while ago: the build reads
    the content of files saved in the last seconds to be sure of them (see
    handbook/build/freshness.py)."""
    moment = time.time() - 60
    for path in [config, *(config.parent / "content").rglob("*")]:
        os.utime(path, (moment, moment))
    return config


def serve_rebuilds(config: Path, scratch: Path) -> tuple[float, list[float]]:
    """(nothing changed, one guide changed: the EDITS times, sorted) in seconds, rebuilding in one
    process as serve mode does (same cache, told which files changed, memory settled between
    rebuilds). Works on a copy of the sources."""
    from handbook.build.freshness import snapshot
    from handbook.build.pipeline import Cache, Options, build, input_sources
    from handbook.build.settings import load_config
    from handbook.problems import Report
    from handbook.serve.watch import changed_files, settle_memory

    config = copy_site(config, scratch)
    sources = input_sources(load_config(config, Report()))
    cache, options = Cache(), Options(config, output=scratch / "output")
    seen = snapshot(sources)
    build(options, cache, None, seen)
    settle_memory()
    started = time.perf_counter()
    build(options, cache, set(), seen)
    unchanged = time.perf_counter() - started
    guide = sorted((config.parent / "content/guides").glob("*.md"))[0]
    text = guide.read_text(encoding="utf-8")
    times = []
    for edit in range(EDITS):
        guide.write_text(text + f"\nModification numéro {edit}.\n", encoding="utf-8")
        current = snapshot(sources)
        changed, seen = changed_files(seen, current), current
        settle_memory()
        started = time.perf_counter()
        build(options, cache, changed, current)
        times.append(time.perf_counter() - started)
    return unchanged, sorted(times)


def spread(times: list[float]) -> str:
    """The median of sorted times, with the fastest and the slowest, in milliseconds."""
    return (
        f"{statistics.median(times) * 1000:.0f} ms (médiane de {len(times)} ; de "
        f"{times[0] * 1000:.0f} à {times[-1] * 1000:.0f} ms)"
    )


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


def size_targets(
    size: int, ours: tuple, floor: tuple, ratio: float, again: float
) -> list[tuple[str, str, bool]]:
    """The targets of one size: ours and floor are (seconds, megabytes, bytes written), ratio our
    time to floor-2's measured in the same run (Comparison.ratio)."""
    targets = [(f"{size} guides à froid ≤ 1,25 × {FLOOR}", f"×{ratio:.2f}", ratio <= 1.25)]
    if size >= 10000:
        targets += [
            (f"{size} guides : mémoire max < 200 Mo", f"{ours[1]:.0f} Mo", ours[1] < 200),
            (
                f"{size} guides : octets écrits ≤ 2,5 × {FLOOR}",
                f"×{ours[2] / floor[2]:.2f}",
                ours[2] / floor[2] <= 2.5,
            ),
            (
                f"{size} guides, nouveau lancement sans changement < 20 % d'une construction à "
                "froid",
                f"{again / ours[0]:.0%}",
                again / ours[0] < 0.2,
            ),
        ]
    return targets


def growth_targets(
    smaller: tuple[int, float], larger: tuple[int, float]
) -> list[tuple[str, str, bool]]:
    """Our growth in time from one size to the next, compared with floor-2's own growth: each
    argument is (size, our time / floor-2's at that size); (ours_large / ours_small) / (floor_large
    / floor_small) is the ratio of the two ratios."""
    (small, ratio_small), (large, ratio_large) = smaller, larger
    relative = ratio_large / ratio_small
    return [
        (
            f"croissance de {small} à {large} guides ≤ 1,1 × celle de {FLOOR}",
            f"×{relative:.2f}",
            relative <= 1.1,
        )
    ]


def save_to_reload(scratch: Path) -> list[tuple[str, str, bool | None]]:
    """Save → reload in Chromium (bench/reload.py): the shipped handbook alone, then 1,000
    synthetic guides served by this generator and by Hugo's server, their edits in turn; prints the
    figures, returns the targets."""
    real = copy_site(ROOT / "site_config.yaml", scratch / "reel")
    guide = sorted((real.parent / "content/guides").glob("*.md"))[0]
    synthetic = aged(write_site(scratch / "n1000", 1000, ROOT / "templates"))
    hugo = hugo_command() and write_hugo_project(synthetic.parent / "content", scratch / "hugo")
    with reload.chromium() as browser:
        port = reload.free_port()
        with reload.our_server(real, port, scratch / "serve-reel.log"):
            address = f"http://127.0.0.1:{port}/guides/{guide.stem}.html"
            reader = reload.Reader(browser, address, guide)
            handbook = reload.measure_in_turn({OURS: reader})[OURS]
            reader.close()
        print(f"Enregistrement → page rechargée, guide réel : {spread(handbook)}", flush=True)
        ours, theirs = reload.free_port(), reload.free_port()
        hugo_server = (
            reload.hugo_server(hugo, theirs, scratch / "hugo.log") if hugo else nullcontext()
        )
        with reload.our_server(synthetic, ours, scratch / "serve-n1000.log"), hugo_server:
            page = "guides/guide-0.html"
            readers = {
                OURS: reload.Reader(
                    browser,
                    f"http://127.0.0.1:{ours}/{page}",
                    synthetic.parent / "content/guides/guide-0.md",
                )
            }
            if hugo:
                readers["Hugo"] = reload.Reader(
                    browser, f"http://127.0.0.1:{theirs}/{page}", hugo / "content/guides/guide-0.md"
                )
            times = reload.measure_in_turn(readers)
            for reader in readers.values():
                reader.close()
    for name, values in times.items():
        print(
            f"Enregistrement → page rechargée, 1000 guides, {name} : {spread(values)}", flush=True
        )
    medians = {name: statistics.median(values) for name, values in times.items()}
    ratio = medians[OURS] / medians["Hugo"] if hugo else None
    if ratio is not None:
        print(f"   notre médiane / celle de Hugo : ×{ratio:.2f}", flush=True)
    shown = statistics.median(handbook)
    return [
        (
            "guide réel, enregistrement → page rechargée ≤ 250 ms",
            f"{shown * 1000:.0f} ms",
            shown <= 0.25,
        ),
        (
            "1000 guides, enregistrement → page rechargée ≤ 250 ms",
            f"{medians[OURS] * 1000:.0f} ms",
            medians[OURS] <= 0.25,
        ),
        (
            "1000 guides, enregistrement → page rechargée ≤ 0,5 × Hugo",
            "—" if ratio is None else f"×{ratio:.2f}",
            None if ratio is None else ratio <= 0.5,
        ),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--cas",
        choices=("tout", "construction", "serve", "academie"),
        default="tout",
        help="construction : les constructions seules ; serve : enregistrement → "
        "page rechargée dans Chromium seul ; academie : une base et 600 écoles ; tout (défaut) : "
        "les trois",
    )
    parser.add_argument("--sizes", type=int, nargs="*", default=[1000, 10000])
    parser.add_argument(
        "--rounds", type=int, default=3, help="tours de mesure côte à côte (défaut 3)"
    )
    parser.add_argument(
        "--mkdocs-jusqua",
        type=int,
        default=2000,
        help="taille au-delà de laquelle MkDocs n'est pas lancé (il y met des dizaines de minutes)",
    )
    args = parser.parse_args()
    # Compiled like the libraries it is compared with, even where PYTHONDONTWRITEBYTECODE keeps
    # Python from doing it by itself (as in this project's sandbox): otherwise every run would
    # compile it again.
    compileall.compile_dir(ROOT / "handbook", quiet=1)
    targets = []
    if args.cas in ("tout", "construction"):
        targets += build_figures(args)
    if args.cas in ("tout", "serve"):
        with tempfile.TemporaryDirectory() as scratch:
            targets += save_to_reload(Path(scratch))
    if args.cas in ("tout", "academie"):
        with tempfile.TemporaryDirectory() as scratch:
            targets += academie_figures(Path(scratch), timed)
    print("\nObjectifs (rapports de cette exécution) :")
    for name, measured, met in targets:
        print(f"  {verdict(met):12} {measured:>9}  {name}")


def build_figures(args: argparse.Namespace) -> list[tuple[str, str, bool | None]]:
    """The builds' figures (cold, again, serve's rebuilds), printed; returns the targets."""
    targets = []
    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        real_config = copy_site(ROOT / "site_config.yaml", scratch / "reel")
        first = cold_build(
            real_config, scratch / "reel/premier"
        )  # compiles the templates (user's own cache)
        cold_build(
            real_config, scratch / "reel/sortie", keep_cache=True
        )  # fills .cache/: processed guides, feeds
        runs = [
            (
                timed([sys.executable, "-c", IMPORTS_ONLY])[0],
                cold_build(real_config, scratch / "reel/sortie", True),
                cold_build(real_config, scratch / "reel/sortie"),
            )
            for _ in range(5)
        ]  # in turn: a noisy moment slows all
        imports = min(seconds for seconds, _, _ in runs)
        real = min((kept for _, kept, _ in runs), key=lambda figures: figures["wall"])
        bare = min((figures for _, _, figures in runs), key=lambda figures: figures["wall"])
        ratio = statistics.median(kept["wall"] / seconds for seconds, kept, _ in runs)
        bare_ratio = statistics.median(figures["wall"] / seconds for seconds, _, figures in runs)
        print(
            f"Guide réel : {real['pages']} pages, construction à froid (nouveau processus, sans "
            f"output/, .cache/ gardé) {real['wall']:.2f} s, mémoire max {real['peak_mb']:.0f} "
            f"Mo ; sans rien reprendre (--sans-cache) {bare['wall']:.2f} s (tout premier "
            f"lancement, gabarits à compiler : {first['wall']:.2f} s) ; simple import des "
            f"bibliothèques : {imports:.2f} s ; au mieux de {len(runs)} tours. Rapports à "
            f"l'import, médiane des tours : .cache/ gardé ×{ratio:.2f}, --sans-cache "
            f"×{bare_ratio:.2f}"
        )
        targets.append(
            (
                "guide réel à froid (.cache/ gardé) < 2 × import des bibliothèques",
                f"×{ratio:.2f}",
                ratio < 2,
            )
        )
        targets.append(
            (
                "guide réel sans rien reprendre (--sans-cache) < 2 × import des bibliothèques",
                f"×{bare_ratio:.2f}",
                bare_ratio < 2,
            )
        )
        print(
            "Guide réel, nouveau lancement sans changement : "
            f"{second_run(real_config, scratch / 'reel/sortie'):.2f} s"
        )
        unchanged, edits = serve_rebuilds(ROOT / "site_config.yaml", scratch / "reel-serve")
        print(
            f"Guide réel, mode serve : sans changement {unchanged * 1000:.0f} ms, un guide "
            f"modifié {spread(edits)}"
        )
        home = page_weight(scratch / "reel/sortie", "index.html")
        guide = page_weight(scratch / "reel/sortie", "guides/importer-base-siecle.html")
        print(
            f"Poids transféré : accueil {home / 1000:.1f} ko, guide {guide / 1000:.1f} ko "
            "(HTML+CSS+JS)"
        )
        previous = None
        for size in args.sizes:
            config = aged(write_site(scratch / f"n{size}", size, ROOT / "templates"))
            figures = cold_build(config, scratch / f"n{size}/output")
            again = second_run(config, scratch / f"n{size}/output")
            compared = side_by_side(
                config, scratch / f"n{size}", args.rounds, size <= args.mkdocs_jusqua
            )
            ours, floor = compared.best[OURS], compared.best[FLOOR]
            print(
                f"{size} guides : {figures['pages']} pages ; à froid, au mieux de {args.rounds} "
                "tours : "
                + " ; ".join(
                    f"{name} {seconds:.2f} s, {megabytes:.0f} Mo, {written / 1e6:.1f} Mo écrits"
                    + (
                        ""
                        if name == OURS
                        else f" (notre temps / le sien : ×{ours[0] / seconds:.2f})"
                    )
                    for name, (seconds, megabytes, written) in compared.best.items()
                ),
                flush=True,
            )
            print(
                f"   notre temps / celui de {FLOOR}, tour par tour : "
                + ", ".join(f"×{ratio:.2f}" for ratio in compared.ratios)
                + f" ; médiane ×{compared.ratio:.2f}"
            )
            print(
                "   écrire nos fichiers depuis un seul processus, sans rien d'autre : "
                f"{compared.writes:.2f} s ({compared.writes / floor[0]:.0%} du temps de {FLOOR}, "
                f"{compared.writes / ours[0]:.0%} du nôtre)",
                flush=True,
            )
            kinds = bytes_by_kind(scratch / f"n{size}/nous")
            print(
                "   octets écrits par type, en rapport aux octets de "
                + FLOOR
                + " : "
                + " ; ".join(
                    f"{kind} {written / 1e6:.1f} Mo (×{written / floor[2]:.2f})"
                    for kind, written in kinds.items()
                ),
                flush=True,
            )
            print(
                f"   nouveau lancement sans changement : {again:.2f} s ({again / ours[0]:.0%} de "
                "notre construction à froid)",
                flush=True,
            )
            targets += size_targets(size, ours, floor, compared.ratio, again)
            if previous:
                targets += growth_targets(previous, (size, compared.ratio))
            unchanged, edits = serve_rebuilds(config, scratch / f"n{size}/serve")
            print(
                f"   mode serve : sans changement {unchanged * 1000:.0f} ms, un guide modifié "
                f"{spread(edits)}",
                flush=True,
            )
            if size == 1000:
                one = statistics.median(edits)
                targets.append(
                    (
                        "1000 guides, mode serve, un guide modifié < 100 ms",
                        f"{one * 1000:.0f} ms",
                        one < 0.1,
                    )
                )
            previous = (size, compared.ratio)
    return targets


if __name__ == "__main__":
    main()
