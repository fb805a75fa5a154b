"""The whole build on fixture sites: determinism, check mode, collisions, the second school."""

import os
import shutil
import subprocess
import sys

import pytest
from conftest import CALENDAR, FIRST_GUIDE, ROOT, build_at, snapshot, write_files

from handbook.build.pipeline import Options, build

LYCEE = ROOT / "tests/fixtures/lycee-exemple"


def test_building_twice_gives_identical_output(project, tmp_path):
    root = project({"content/fichiers/doc.pdf": b"%PDF-1.4 fictif"})
    build_at(root, output=tmp_path / "a")
    build_at(root, output=tmp_path / "b")
    assert snapshot(tmp_path / "a") == snapshot(tmp_path / "b")
    assert "fichiers/doc.pdf" in snapshot(tmp_path / "a")


def test_check_writes_nothing(project):
    root = project()
    result = build_at(root, write=False)
    assert result.page_count > 5 and not (root / "output").exists()


def test_second_school_builds_with_its_own_roles_and_periods(tmp_path):
    result = build(Options(LYCEE / "site_config.yaml", output=tmp_path / "out", strict=True))
    assert [role.id for role in result.handbook.roles] == [
        "direction",
        "professeurs-principaux",
        "eleves",
    ]
    assert [period.title for period in result.handbook.periods] == [
        "Rentrée",
        "Hiver",
        "Printemps",
        "Fin d'année",
    ]
    home = (tmp_path / "out/index.html").read_text()
    assert "Lycée Marie Curie" in home and "Professeurs principaux" in home and "Printemps" in home
    assert "role-professeurs-principaux.html" in home
    everything = "".join(html.decode() for html in result.files.values())
    for word in ("Référent", "SIECLE", "Période 1", "collège"):
        assert word not in everything, word
    assert "UAI 0330001X" in home


def test_second_school_outside_the_project_builds_by_config_alone(tmp_path):
    """A school that writes only its content (no templates folder) gets the generator's own
    templates."""
    school = tmp_path / "ailleurs/lycee"
    shutil.copytree(LYCEE, school)
    assert (
        "\ndossier_gabarits:" not in (school / "site_config.yaml").read_text()
        and not (school / "templates").exists()
    )
    done = subprocess.run(
        [
            sys.executable,
            str(ROOT / "build.py"),
            "--config",
            str(school / "site_config.yaml"),
            "--output",
            str(tmp_path / "site"),
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert "dossier_gabarits" not in done.stderr
    home = (tmp_path / "site/index.html").read_text()
    assert "Lycée Marie Curie" in home and (tmp_path / "site/static/style.css").is_file()


def test_school_with_a_single_role_and_no_milestone(project):
    root = project(
        {
            "content/calendar.yaml": """\
roles:
  - id: tous
    nom: Toute l'équipe
periodes:
  - numero: 1
    debut: 2023-09-04
    fin: 2023-09-29
    taches:
      tous:
        - texte: Tout faire.
          guide: [premier, second]
""",
            "content/guides/premier.md": FIRST_GUIDE.replace("roles: [referent]", "roles: [tous]"),
        }
    )
    result = build_at(root)
    assert result.page_count >= 7
    assert "(guides\u00a0:" in (root / "output/periode-1.html").read_text()


@pytest.mark.skipif(not hasattr(os, "fork"), reason="pas de fork sur ce système")
def test_many_guides_are_processed_and_rendered_in_parallel_with_the_same_result(
    project, tmp_path, monkeypatch
):
    from handbook.build import bodies, workers
    from handbook.site import render

    monkeypatch.setattr(workers, "usable_cpus", lambda: 2)
    monkeypatch.setattr(
        workers, "fork_allowed", lambda: True
    )  # beside the browser tests' waitpid thread too
    files = {
        f"content/guides/g{i}.md": f"---\ntitre: Guide {i}\n---\n"
        f"Voir [premier](premier.md).\n\n## Partie {i}\n"
        for i in range(max(bodies.PARALLEL_FROM, render.PARALLEL_FROM) + 10)
    }
    root = project(files)
    forked = []
    original = workers._fork
    monkeypatch.setattr(
        workers,
        "_fork",
        lambda function, items, share: (
            forked.append(len(items)) or original(function, items, share)
        ),
    )
    build_at(root, output=tmp_path / "parallel", reuse=False)
    assert len(forked) == 2 and min(forked) >= bodies.PARALLEL_FROM  # the bodies, then the pages
    monkeypatch.setattr(workers, "fork_allowed", lambda: False)
    build_at(root, output=tmp_path / "sequential", reuse=False)
    assert len(forked) == 2
    assert snapshot(tmp_path / "parallel") == snapshot(tmp_path / "sequential")


@pytest.mark.skipif(not hasattr(os, "fork"), reason="pas de fork sur ce système")
def test_the_templates_are_made_ready_while_the_bodies_are_processed(project, monkeypatch):
    """The other process starts on the Markdown bodies at once: this one makes the Jinja
    environment meanwhile, before it takes in any processed body."""
    from handbook.build import bodies, cache, pipeline, workers

    monkeypatch.setattr(workers, "usable_cpus", lambda: 2)
    monkeypatch.setattr(workers, "fork_allowed", lambda: True)
    root = project(
        {
            f"content/guides/g{i}.md": f"---\ntitre: Guide {i}\n---\nTexte {i}.\n"
            for i in range(bodies.PARALLEL_FROM + 4)
        }
    )
    events = []
    made, kept = pipeline.templates_environment, cache.Store.put
    monkeypatch.setattr(
        pipeline,
        "templates_environment",
        lambda *args: events.append("gabarits") or made(*args),
    )
    monkeypatch.setattr(cache.Store, "put", lambda *args: events.append("corps") or kept(*args))
    build_at(root, reuse=False)
    assert events.count("corps") >= bodies.PARALLEL_FROM
    assert events.index("gabarits") < events.index("corps")


def test_a_build_imports_only_what_it_uses(project):
    """A build imports none of the other commands (serve, académie, nouvelle-annee…); with the
    processed guides and the feeds in .cache/, neither markdown-it-py nor icalendar."""
    root = project()
    long_ago = os.stat(root / "site_config.yaml").st_mtime - 3600
    for path in [root / "site_config.yaml", *root.joinpath("content").rglob("*")]:
        os.utime(path, (long_ago, long_ago))
    run = (
        "import sys; from handbook.cli import main; "
        "code = main(['-q', *sys.argv[2:], '--config', sys.argv[1]]); "
        "print(*sorted(sys.modules)); sys.exit(code)"
    )
    loaded = {}
    for name, options in {"sans cache": ["--sans-cache"], "cache": [], "cache gardé": []}.items():
        shutil.rmtree(root / "output", ignore_errors=True)
        done = subprocess.run(
            [sys.executable, "-c", run, str(root / "site_config.yaml"), *options],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
        loaded[name] = set(done.stdout.split())
    assert {"jinja2", "markdown_it", "icalendar"} <= loaded["sans cache"]
    for modules in loaded.values():
        assert "handbook.site.render" in modules
        assert not {
            module
            for module in modules
            if module.split(".")[:2]
            in (["handbook", "serve"], ["handbook", "academie"], ["handbook", "newschool"])
            or module in ("handbook.year.nextyear", "livereload", "watchdog")
        }
    assert not loaded["cache gardé"] & {"markdown_it", "icalendar"}


def test_processed_guides_are_reused_from_the_store(project, tmp_path, monkeypatch):
    from handbook.build import cache
    from handbook.read import markdown

    root = project()
    build_at(root, output=tmp_path / "first")
    folder = cache.folder_for(root)
    assert len(list(folder.glob("*.json"))) == 3  # two guides and the feeds

    def must_not_run(*args, **kwargs):
        raise AssertionError("guide traité de nouveau")

    monkeypatch.setattr(markdown, "process", must_not_run)
    build_at(root, output=tmp_path / "second")
    assert snapshot(tmp_path / "first") == snapshot(tmp_path / "second")


def test_calendar_references_and_written_dates_are_kept_with_the_processed_guide(
    project, tmp_path, monkeypatch
):
    """They are found while the body is processed: a guide taken from the store still quotes the
    calendar and still gets its warning, at the same line."""
    from handbook.read import markdown

    guide = FIRST_GUIDE.replace(
        "1. Ouvrir.", "1. Ouvrir le {début période 2}.\n2. Fermer le 20 octobre 2023."
    )
    root = project({"content/guides/premier.md": guide})
    first = build_at(root, output=tmp_path / "first")
    monkeypatch.setattr(
        markdown, "process", lambda *args, **kwargs: pytest.fail("guide traité de nouveau")
    )
    second = build_at(root, output=tmp_path / "second")
    assert snapshot(tmp_path / "first") == snapshot(tmp_path / "second")
    assert (
        "Ouvrir le lundi 6 novembre 2023." in (tmp_path / "second/guides/premier.html").read_text()
    )
    warnings = [
        (warning.line, warning.message)
        for warning in second.warnings
        if "20 octobre 2023" in warning.message
    ]
    assert warnings == [
        (w.line, w.message) for w in first.warnings if "20 octobre 2023" in w.message
    ]
    assert warnings and warnings[0][0] == 12 and "{fin période 1}" in warnings[0][1]


def test_the_store_follows_edits_and_survives_damage(project, tmp_path):
    from handbook.build import cache

    root = project()
    build_at(root, output=tmp_path / "a")
    folder = cache.folder_for(root)
    for entry in folder.glob("*.json"):
        entry.write_bytes(b"abime")
    write_files(root, {"content/guides/premier.md": FIRST_GUIDE.replace("Ouvrir.", "Ouvrir Pix.")})
    build_at(root, output=tmp_path / "cached")
    build_at(root, output=tmp_path / "clean", reuse=False)
    assert snapshot(tmp_path / "cached") == snapshot(tmp_path / "clean")
    assert "Ouvrir Pix." in (tmp_path / "cached/guides/premier.html").read_text()
    assert len(list(folder.glob("*.json"))) == 3  # the old version of premier.md was forgotten


PICKLE_THAT_RUNS_CODE = b"cos\nsystem\n(S'touch PWNED'\ntR."


def test_a_planted_cache_entry_is_ignored_and_made_again(project, tmp_path):
    """Anyone who can write the project folder can plant files in .cache/: they are read as JSON,
    checked, and replaced, never executed."""
    from handbook.build import cache

    root = project()
    build_at(root, output=tmp_path / "clean", reuse=False)
    build_at(root, output=tmp_path / "first")
    folder = cache.folder_for(root)
    entries = sorted(folder.glob("*.json"))
    hostile = [
        PICKLE_THAT_RUNS_CODE,
        b'{"headings": "__import__(\'os\')", "html": 1}',
        b"[]",
        b"null",
        '{"calendrier.ics": 42}'.encode(),
    ]
    for entry, data in zip(entries, hostile):
        entry.write_bytes(data)
    (folder / "x.pickle").write_bytes(PICKLE_THAT_RUNS_CODE)
    build_at(root, output=tmp_path / "planted")
    assert snapshot(tmp_path / "planted") == snapshot(tmp_path / "clean")
    assert not list(tmp_path.rglob("PWNED")) and not (ROOT / "PWNED").exists()
    assert not (folder / "x.pickle").exists()  # not an entry of this build: removed
    assert all(
        entry.read_bytes()[:1] == b"{" and entry.read_bytes() not in hostile for entry in entries
    )


def test_no_pickle_in_the_package():
    import re

    for path in (ROOT / "handbook").glob("*.py"):
        code = path.read_text(encoding="utf-8")
        assert not re.search(
            r"^\s*(import|from)\s+(pickle|marshal|shelve|dill)\b|\bpickle\.", code, re.M
        ), path.name


def test_a_rebuild_carries_unchanged_pages_over_and_redoes_the_others(project):
    root = project()
    build_at(root)
    page = root / "output/guides/second.html"
    inode = page.stat().st_ino
    build_at(root)
    assert page.stat().st_ino == inode  # taken over from the previous output, not rendered again
    write_files(
        root, {"content/calendar.yaml": CALENDAR.replace("fin: 15/12/2023", "fin: 22/12/2023")}
    )
    build_at(root)
    assert (
        page.stat().st_ino != inode and "2023-12-22" in (root / "output/calendrier.js").read_text()
    )
    clean = build_at(root, output=root / "propre", reuse=False)
    assert clean.files["guides/second.html"] == page.read_bytes()
    assert clean.files["calendrier.js"] == (root / "output/calendrier.js").read_bytes()


def test_without_reuse_every_page_is_made_again(project):
    root = project()
    build_at(root)
    inode = (root / "output/guides/second.html").stat().st_ino
    build_at(root, reuse=False)
    assert (root / "output/guides/second.html").stat().st_ino != inode


def test_compiled_templates_are_kept_privately_and_follow_template_edits(
    project, tmp_path, monkeypatch
):
    import shutil

    from conftest import CONFIG, TEMPLATES

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache-personnel"))
    root = project({"site_config.yaml": CONFIG.replace(TEMPLATES.as_posix(), "templates")})
    shutil.copytree(TEMPLATES, root / "templates")
    build_at(root, reuse=False)
    compiled = tmp_path / "cache-personnel/guide-pix/gabarits"
    assert list(compiled.iterdir()) and compiled.stat().st_mode & 0o077 == 0
    assert not list(
        (root / ".cache").rglob("*.cache")
    )  # compiled code is never kept in the project folder
    footer = root / "templates/partials/footer.html"
    footer.write_text(footer.read_text().replace("</footer>", "<p>Pied modifié</p></footer>"))
    build_at(root, reuse=False)
    assert "Pied modifié" in (root / "output/guides/premier.html").read_text()


def test_a_cache_folder_that_cannot_be_made_only_costs_time(project, tmp_path):
    root = project()
    (root / ".cache").write_text("pas un dossier")
    build_at(root, output=tmp_path / "sans")
    build_at(root, output=tmp_path / "avec", reuse=False)
    assert snapshot(tmp_path / "sans") == snapshot(tmp_path / "avec")


def test_feeds_stay_the_same_while_the_calendar_is_unchanged_and_follow_it_when_it_changes(
    project, tmp_path
):
    """Whether the feeds come from .cache/ or are made again is the build's business (bench/
    mechanisms.py measures it); what a reader sees is the same bytes, or the new calendar."""
    root = project()
    build_at(root, output=tmp_path / "first")
    build_at(root, output=tmp_path / "second")  # a new output folder: every file is written again
    assert snapshot(tmp_path / "second") == snapshot(tmp_path / "first")
    write_files(
        root,
        {"content/calendar.yaml": CALENDAR.replace("Faire le bilan.", "Faire le bilan final.")},
    )
    build_at(root, output=tmp_path / "third")
    assert b"bilan final" in (tmp_path / "third/calendrier.ics").read_bytes()
    build_at(root, output=tmp_path / "fourth", reuse=False)
    assert snapshot(tmp_path / "fourth") == snapshot(tmp_path / "third")


def test_the_checked_handbook_of_a_configuration(project):
    """pipeline.handbook_of, the entry point of the commands that read the content without
    building the site (nouvelle-annee): the handbook, or None with every problem reported."""
    from handbook.build.pipeline import handbook_of
    from handbook.build.settings import load_config
    from handbook.problems import Report

    root = project()
    handbook = handbook_of(load_config(root / "site_config.yaml", Report()), Report())
    assert handbook is not None and "premier" in handbook.guides
    assert not (root / "output").exists()
    write_files(root, {"content/guides/second.md": "---\nresume: sans titre\n---\nTexte.\n"})
    report = Report()
    assert handbook_of(load_config(root / "site_config.yaml", report), report) is None
    assert report.errors
