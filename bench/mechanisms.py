"""What each reuse mechanism saves: python bench/mechanisms.py [--sizes 0 1000] [--rounds 3].

Each figure is the best of the rounds, each round in a new process (imports included for the
builds; the serve figures are one rebuild in a process that has built once before, as serve does).
A mechanism is turned off in that process only (monkeypatched), everything else as shipped:
- whole-build no-op: a build with nothing changed, against a build whose inputs' fingerprint
  changed (site_config.yaml touched) but nothing else;
- per-file reuse: one guide edited, with and without taking unchanged outputs from output/;
- the store (.cache/): a cold build (no output/) with .cache/ kept and without, and one guide
  edited with the store off;
- the templates' bytecode cache: a cold build with the compiled templates and without;
- the lru_caches: a cold build with each function's cache, and with none;
- serve's in-process cache: one guide edited then rebuilt with the whole Cache kept, and with each
  of its parts dropped before the rebuild (content read, validate.Checked, store's memory, Jinja
  environment, fingerprints).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from run import aged, copy_site, removed  # noqa: E402
from synthetic import write_site  # noqa: E402

SERVE_PARTS = ("content", "checked", "store", "environment", "fingerprints")


def without_lru_caches() -> None:
    """Every lru_cache of the package replaced by the function it wraps, wherever it is named."""
    modules = [module for name, module in sys.modules.items() if name.startswith("handbook")]
    cached = {}
    for module in modules:
        for name, value in vars(module).items():
            if hasattr(value, "cache_clear") and hasattr(value, "__wrapped__"):
                cached[id(value)] = value.__wrapped__
    for module in modules:
        for name, value in list(vars(module).items()):
            if id(value) in cached:
                setattr(module, name, cached[id(value)])


def child(scenario: str, variant: str, config: Path) -> float:
    """Seconds of the measured step, in this fresh process."""
    started = time.perf_counter()
    import handbook.build.write as write
    from handbook.build import pipeline
    from handbook.build.pipeline import Cache, Options, build

    options = Options(config, output=config.parent / "output")
    if variant == "sans-reprise-par-fichier":
        write.SiteWriter.unchanged = lambda *args: False
    if variant == "sans-store":
        pipeline.folder_for = lambda root: None
    if variant == "sans-lru":
        import handbook.read.holidays  # noqa: F401 - every module with a cache, loaded
        import handbook.read.markdown  # noqa: F401
        import handbook.site.ical  # noqa: F401
        import handbook.site.outputs  # noqa: F401
        import handbook.site.posterfit  # noqa: F401
        import handbook.site.render  # noqa: F401
        import handbook.site.search  # noqa: F401
        import handbook.site.typography  # noqa: F401
        import handbook.urls  # noqa: F401

        without_lru_caches()
    if scenario != "serve":
        build(options)
        return time.perf_counter() - started
    from handbook.build.freshness import snapshot
    from handbook.build.settings import load_config
    from handbook.problems import Report
    from handbook.serve.watch import changed_files, settle_memory

    sources = pipeline.input_sources(load_config(config, Report()))
    cache, seen = Cache(), snapshot(sources)
    build(options, cache, None, seen)
    edited(config, "serve")
    current = snapshot(sources)
    if variant in SERVE_PARTS:
        setattr(cache, variant, None)
    settle_memory()
    started = time.perf_counter()
    build(options, cache, changed_files(seen, current), current)
    return time.perf_counter() - started


def edited(config: Path, mark: str) -> None:
    guide = sorted((config.parent / "content/guides").glob("*.md"))[0]
    guide.write_text(guide.read_text(encoding="utf-8") + f"\nAjout {mark}.\n", "utf-8")


def run(scenario: str, variant: str, config: Path, bytecode: Path) -> float:
    environment = {**os.environ, "XDG_CACHE_HOME": str(bytecode)}
    done = subprocess.run(
        [sys.executable, __file__, "--enfant", scenario, variant, str(config)],
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    return float(done.stdout.strip().splitlines()[-1])


def prepared(scenario: str, variant: str, config: Path, bytecode: Path, round_: int) -> None:
    """The state before the step: a built site, then what the scenario changes."""
    output, store = config.parent / "output", config.parent / ".cache"
    if scenario in ("froide", "serve"):
        removed(output)
        if variant in ("sans-store", "sans-tout") or scenario == "serve":
            removed(store)
        if variant == "sans-bytecode":
            removed(bytecode)
        return
    run("froide", "", config, bytecode)
    aged(config)
    run("froide", "", config, bytecode)  # the fingerprint of the aged files recorded
    if scenario == "rien-de-change" and variant == "empreinte-changee":
        os.utime(config, None)
    if scenario == "un-guide":
        edited(config, f"{variant}-{round_}")
        aged(config)


SCENARIOS = {
    "froide": ["", "sans-store", "sans-bytecode", "sans-lru"],
    "rien-de-change": ["", "empreinte-changee"],
    "un-guide": ["", "sans-reprise-par-fichier", "sans-store"],
    "serve": ["", *SERVE_PARTS],
}


def measure(config: Path, rounds: int) -> dict[str, float]:
    figures: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as bytecode:
        for scenario, variants in SCENARIOS.items():
            for variant in variants:
                times = []
                for round_ in range(rounds):
                    prepared(scenario, variant, config, Path(bytecode), round_)
                    times.append(run(scenario, variant, config, Path(bytecode)))
                figures[f"{scenario} {variant or 'tel quel'}"] = min(times)
    return figures


def main() -> None:
    if sys.argv[1:2] == ["--enfant"]:
        print(child(sys.argv[2], sys.argv[3], Path(sys.argv[4])))
        return
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="*", default=[0, 1000])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    results = {}
    for size in args.sizes:
        with tempfile.TemporaryDirectory() as scratch:
            site = Path(scratch) / "site"
            if size:
                config = aged(write_site(site, size, ROOT / "templates"))
            else:
                site.mkdir()
                config = copy_site(ROOT / "site_config.yaml", site)
            name = f"{size} guides" if size else "guide livré"
            results[name] = measure(config, args.rounds)
            print(name)
            for what, seconds in results[name].items():
                print(f"  {what:40} {seconds * 1000:7.0f} ms", flush=True)
    print(json.dumps(results))


if __name__ == "__main__":
    main()
