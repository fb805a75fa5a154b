"""Write stage: the only code that touches the output folder.

The site is written into a fresh folder beside the output folder, which then takes the output's
place in two renames; until then the previous site stays as it was. A marker file says the folder
was made here: a folder without it is never replaced nor deleted.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

from .problems import BuildFailed, Report

MARKER = ".guide-pix"
MARKER_TEXT = b"Dossier produit par build.py : il est remplace a chaque construction.\n"


def check_output_folder(output: Path, report: Report, display: str) -> None:
    """Report an error if `output` exists but was not made by this generator (or is not empty)."""
    if output.exists() and not output.is_dir():
        report.error(display, None, "dossier_sortie", f"{output} existe et n'est pas un dossier")
    elif output.is_dir() and not (output / MARKER).exists() and any(output.iterdir()):
        report.error(display, None, "dossier_sortie",
                     f"le dossier {output} contient des fichiers qui ne viennent pas de ce générateur ; "
                     "par prudence il n'est ni vidé ni remplacé. Videz-le ou choisissez un autre dossier")


def write_site(output: Path, files: dict[str, bytes], copies: dict[str, Path]) -> None:
    """Replace `output` by a folder holding `files` (site path → bytes) and `copies` (site path → source file)."""
    report = Report()
    check_output_folder(output, report, "dossier_sortie")
    if report.errors:
        raise BuildFailed(report)
    output.parent.mkdir(parents=True, exist_ok=True)
    fresh = output.with_name(f".{output.name}.nouveau-{os.getpid()}")
    old = output.with_name(f".{output.name}.ancien-{os.getpid()}")
    shutil.rmtree(fresh, ignore_errors=True)
    try:
        fresh.mkdir()
        for site_path, data in files.items():
            target = fresh / site_path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        for site_path, source in copies.items():
            target = fresh / site_path
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
        (fresh / MARKER).write_bytes(MARKER_TEXT)
        _swap(fresh, output, old)
    finally:
        shutil.rmtree(fresh, ignore_errors=True)


def _swap(fresh: Path, output: Path, old: Path) -> None:
    if output.exists():
        shutil.rmtree(old, ignore_errors=True)
        output.rename(old)
        try:
            fresh.rename(output)
        except OSError:
            old.rename(output)
            raise
        shutil.rmtree(old, ignore_errors=True)
    else:
        fresh.rename(output)


def update_site(output: Path, files: dict[str, bytes], copies: dict[str, Path], previous: dict[str, bytes]) -> None:
    """Bring an output folder written by an earlier build (holding `previous`) to the state a full build gives.

    Used while serving: only changed files are rewritten, each one atomically, and files that no longer
    belong to the site are removed, so the folder ends up the same as after write_site.
    """
    if not (output / MARKER).exists():
        write_site(output, files, copies)
        return
    for site_path, data in files.items():
        if previous.get(site_path) != data or not (output / site_path).is_file():
            _replace_file(output / site_path, data)
    for site_path, source in copies.items():
        data = source.read_bytes()
        target = output / site_path
        if not target.is_file() or target.read_bytes() != data:
            _replace_file(target, data)
    _remove_others(output, set(files) | set(copies) | {MARKER})


def _replace_file(target: Path, data: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.nouveau-{os.getpid()}")
    temporary.write_bytes(data)
    os.replace(temporary, target)


def _remove_others(output: Path, keep: set[str]) -> None:
    for path in sorted(output.rglob("*"), key=lambda p: len(p.parts), reverse=True):
        site_path = path.relative_to(output).as_posix()
        if path.is_file() and site_path not in keep:
            path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
