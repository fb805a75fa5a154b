"""A build with nothing to do stops early; any change to an input, or to the output, builds
again."""

import os
import shutil
import subprocess
import sys

import pytest
from conftest import (
    CONFIG,
    FIRST_GUIDE,
    ROOT,
    TEMPLATES,
    build_at,
    problems_at,
    snapshot,
    write_files,
)

from handbook.build import checked
from handbook.build.write import MARKER


def refuse_to_validate(monkeypatch):
    def must_not_run(*args, **kwargs):
        raise AssertionError("le contenu a été relu")

    monkeypatch.setattr(checked, "validate", must_not_run)


def test_nothing_changed_nothing_done(project, monkeypatch):
    root = project()
    first = build_at(root)
    marker = (root / "output" / MARKER).read_bytes()
    dates = {path: (root / "output" / path).stat().st_mtime_ns for path in first.files}
    refuse_to_validate(monkeypatch)
    second = build_at(root)
    assert second.up_to_date and second.handbook is None
    assert second.page_count == first.page_count and sorted(second.files) == sorted(first.files)
    assert (root / "output" / MARKER).read_bytes() == marker
    assert {path: (root / "output" / path).stat().st_mtime_ns for path in second.files} == dates


def test_nothing_changed_loads_none_of_the_stages_that_make_the_site(project):
    root = project()
    long_ago = (
        os.stat(root / "site_config.yaml").st_mtime - 3600
    )  # no file within the two seconds of the racy rule
    for path in [root / "site_config.yaml", *root.joinpath("content").rglob("*")]:
        os.utime(path, (long_ago, long_ago))
    build_at(root)
    again = (
        "import sys; from handbook.cli import main; code = main(['--config', sys.argv[1]]); "
        "print(*sorted(sys.modules)); sys.exit(code)"
    )
    done = subprocess.run(
        [sys.executable, "-c", again, str(root / "site_config.yaml")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    summary, modules = done.stdout.splitlines()
    assert summary.startswith("Rien n'a changé depuis la dernière construction")
    loaded = set(modules.split())
    assert "handbook.build.pipeline" in loaded
    assert not loaded & {
        "handbook.urls",
        "handbook.read.holidays",
        "handbook.build.checked",
        "handbook.check.assemble",
        "handbook.site.render",
        "jinja2",
        "markdown_it",
        "icalendar",
        "dateutil",
    }


CHANGES = {
    "guide": lambda root: write_files(
        root, {"content/guides/premier.md": FIRST_GUIDE.replace("Ouvrir.", "Ouvrir Pix.")}
    ),
    "nouveau fichier joint": lambda root: write_files(
        root, {"content/fichiers/plan.pdf": b"%PDF-1.4 fictif"}
    ),
    "gabarit": lambda root: write_files(
        root,
        {
            "templates/partials/footer.html": (root / "templates/partials/footer.html").read_text()
            + "<!-- pied -->\n"
        },
    ),
    "configuration": lambda root: write_files(
        root,
        {
            "site_config.yaml": (root / "site_config.yaml")
            .read_text()
            .replace("Collège", "Collège public")
        },
    ),
    "page supprimée à la main": lambda root: os.remove(root / "output/guides/second.html"),
    "page modifiée à la main": lambda root: (root / "output/index.html").write_text(
        "<p>abîmée</p>"
    ),
}


@pytest.mark.parametrize("change", CHANGES)
def test_any_change_builds_again_as_a_clean_build_would(project, tmp_path, change):
    root = project({"site_config.yaml": CONFIG.replace(TEMPLATES.as_posix(), "templates")})
    shutil.copytree(TEMPLATES, root / "templates")
    build_at(root)
    CHANGES[change](root)
    result = build_at(root)
    assert not result.up_to_date
    clean = tmp_path / "propre"
    build_at(root, output=clean, reuse=False)
    assert snapshot(root / "output") == snapshot(clean)


def test_source_date_epoch_and_options_count_as_inputs(project, monkeypatch):
    root = project()
    build_at(root)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert not build_at(root).up_to_date
    assert build_at(root).up_to_date
    assert not build_at(root, strict=True).up_to_date


def test_an_edit_that_keeps_the_size_and_date_is_still_seen(project):
    root = project()
    guide = root / "content/guides/premier.md"
    build_at(root)
    before = guide.stat()
    guide.write_text(guide.read_text().replace("Ouvrir.", "Fermer."))
    os.utime(guide, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert guide.stat().st_size == before.st_size
    assert not build_at(root).up_to_date
    assert "Fermer." in (root / "output/guides/premier.html").read_text()


def test_warnings_are_reported_again_and_strict_still_refuses_them(project):
    root = project(
        {"content/guides/orphelin.md": "---\ntitre: Orphelin\n---\nPersonne ne me cite.\n"}
    )
    first = build_at(root)
    second = build_at(root)
    assert second.up_to_date and second.warnings == first.warnings and first.warnings
    assert any("orphelin.md" in problem for problem in problems_at(root, strict=True))


def test_without_reuse_the_site_is_always_built(project):
    root = project()
    build_at(root)
    assert not build_at(root, reuse=False).up_to_date


def test_a_broken_link_added_alone_is_not_taken_for_nothing_changed(project):
    root = project()
    long_ago = os.stat(root / "site_config.yaml").st_mtime - 3600
    for path in [root / "site_config.yaml", *root.joinpath("content").rglob("*")]:
        os.utime(path, (long_ago, long_ago))
    build_at(root)
    os.symlink("/nulle/part.md", root / "content/guides/casse.md")
    assert any("casse.md" in problem and "cassé" in problem for problem in problems_at(root))
