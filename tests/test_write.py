"""The writer: new files put in place only on commit, marker file, pages kept by key, never deletes
a folder it did not make."""

import json
import os
from pathlib import Path

import pytest

from handbook.build.write import MARKER, MemoryWriter, SiteWriter, previous_build
from handbook.problems import BuildFailed, Problem


def write(output, files, keys=None, copies=None):
    writer = SiteWriter(output, previous_build(output))
    for path, data in files.items():
        writer.add(path, data, (keys or {}).get(path), f"page {path}")
    for path, source in (copies or {}).items():
        writer.copy(path, source, source.name)
    return writer.commit()


def test_writes_files_copies_and_marker(tmp_path):
    source = tmp_path / "style.css"
    source.write_text("body{}")
    output = tmp_path / "output"
    files = write(
        output,
        {"index.html": b"<p>1</p>", "guides/a.html": b"a"},
        {"guides/a.html": "k1"},
        {"static/style.css": source},
    )
    assert (output / "index.html").read_bytes() == b"<p>1</p>"
    assert (output / "static/style.css").read_text() == "body{}"
    listed = json.loads((output / MARKER).read_text())["files"]
    assert listed["guides/a.html"][0] == "k1" and listed["index.html"][0] is None
    assert listed["static/style.css"][0].startswith("copie ")
    assert dict(files) == {
        "index.html": b"<p>1</p>",
        "guides/a.html": b"a",
        "static/style.css": b"body{}",
    }


def test_the_new_site_replaces_the_previous_one_and_its_leftovers_go(tmp_path):
    output = tmp_path / "output"
    write(
        output,
        {"index.html": b"1", "ancien.html": b"x", "vieux/page.html": b"v", "plan": b"fichier"},
    )
    write(output, {"index.html": b"2", "plan/a.html": b"dossier", "vieux": b"fichier"})
    assert sorted(p.relative_to(output).as_posix() for p in output.rglob("*")) == [
        MARKER,
        "index.html",
        "plan",
        "plan/a.html",
        "vieux",
    ]
    assert (output / "index.html").read_bytes() == b"2" and (
        output / "vieux"
    ).read_bytes() == b"fichier"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".output")]


def test_nothing_reaches_the_output_before_commit(tmp_path):
    output = tmp_path / "output"
    write(output, {"index.html": b"1"})
    writer = SiteWriter(output, previous_build(output))
    writer.add("index.html", b"2", None, "page index.html")
    writer.add("nouveau.html", b"n", None, "page nouveau.html")
    assert (output / "index.html").read_bytes() == b"1" and not (output / "nouveau.html").exists()
    writer.commit()
    assert (output / "index.html").read_bytes() == b"2" and (
        output / "nouveau.html"
    ).read_bytes() == b"n"


def test_the_marker_keeps_fingerprints_and_warnings_for_the_next_build(tmp_path):
    output = tmp_path / "output"
    writer = SiteWriter(output, previous_build(output))
    writer.add("index.html", b"1", "k", "page index.html")
    warning = Problem("content/guides/a.md", 3, "roles", "rôle inconnu « x »")
    writer.commit("empreinte", [warning])
    previous = previous_build(output)
    assert previous.inputs == "empreinte" and previous.warnings == (warning,)
    assert previous.files == {"index.html": ("k", 1, (output / "index.html").stat().st_mtime_ns)}


def test_a_page_with_the_same_key_is_carried_over_without_rendering(tmp_path):
    output = tmp_path / "output"
    write(
        output,
        {"guides/a.html": b"A", "guides/b.html": b"B"},
        {"guides/a.html": "ka", "guides/b.html": "kb"},
    )
    inode = (output / "guides/a.html").stat().st_ino
    writer = SiteWriter(output, previous_build(output))
    assert writer.unchanged("guides/a.html", "ka", "page guides/a.html")
    assert not writer.unchanged(
        "guides/b.html", "autre clé", "page guides/b.html"
    ) and not writer.unchanged("index.html", None, "page index.html")
    writer.add("guides/b.html", b"B2", "kb2", "page guides/b.html")
    writer.commit()
    assert (output / "guides/a.html").read_bytes() == b"A" and (
        output / "guides/a.html"
    ).stat().st_ino == inode
    assert (output / "guides/b.html").read_bytes() == b"B2"
    assert {
        path: record[0]
        for path, record in json.loads((output / MARKER).read_text())["files"].items()
    } == {"guides/a.html": "ka", "guides/b.html": "kb2"}


def test_an_unchanged_copy_is_left_alone_and_a_changed_one_replaced(tmp_path):
    source = tmp_path / "style.css"
    source.write_text("body{}")
    output = tmp_path / "output"
    write(output, {}, copies={"static/style.css": source})
    inode = (output / "static/style.css").stat().st_ino
    write(output, {}, copies={"static/style.css": source})
    assert (output / "static/style.css").stat().st_ino == inode
    source.write_text("main{}")
    write(output, {}, copies={"static/style.css": source})
    assert (output / "static/style.css").read_text() == "main{}"


def test_a_page_deleted_or_edited_by_hand_is_made_again(tmp_path):
    output = tmp_path / "output"
    write(output, {"a.html": b"A", "b.html": b"B"}, {"a.html": "ka", "b.html": "kb"})
    os.remove(output / "a.html")
    (output / "b.html").write_bytes(b"B modifie a la main")
    writer = SiteWriter(output, previous_build(output))
    assert not writer.unchanged("a.html", "ka", "page a.html") and not writer.unchanged(
        "b.html", "kb", "page b.html"
    )


def test_an_old_or_damaged_marker_carries_nothing_over(tmp_path):
    output = tmp_path / "output"
    write(output, {"a.html": b"A"}, {"a.html": "k"})
    (output / MARKER).write_text("Dossier produit par build.py\n")
    assert not SiteWriter(output, previous_build(output)).unchanged("a.html", "k", "page a.html")
    write(output, {"b.html": b"B"})
    assert sorted(p.name for p in output.iterdir()) == [MARKER, "b.html"]


def test_refuses_a_folder_it_did_not_make(tmp_path):
    output = tmp_path / "output"
    output.mkdir()
    (output / "travail.docx").write_text("précieux")
    with pytest.raises(BuildFailed) as failure:
        SiteWriter(output, previous_build(output))
    assert "ne viennent pas de ce générateur" in str(failure.value.report.errors[0])
    assert (output / "travail.docx").read_text() == "précieux"


def test_discarded_write_leaves_previous_site(tmp_path):
    output = tmp_path / "output"
    write(output, {"index.html": b"1"})
    writer = SiteWriter(output, previous_build(output))
    writer.add("index.html", b"2", None, "page index.html")
    with pytest.raises(FileNotFoundError):
        writer.copy("static/x.css", tmp_path / "absent.css", "absent.css")
    writer.discard()
    assert (output / "index.html").read_bytes() == b"1"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".output")]


def test_a_commit_cut_short_is_made_whole_by_the_next_build(project, tmp_path, monkeypatch):
    from conftest import CALENDAR, FIRST_GUIDE, build_at, snapshot, write_files

    from handbook.build import write

    root = project()
    build_at(root)
    write_files(
        root,
        {
            "content/guides/premier.md": FIRST_GUIDE.replace("Ouvrir.", "Ouvrir Pix."),
            "content/calendar.yaml": CALENDAR.replace("Passer le test.", "Passer le test final."),
        },
    )
    replace, calls = os.replace, []

    def failing_replace(source, target):  # fails on the second page put in place
        if root / "output" in Path(target).parents and Path(target).name != MARKER:
            calls.append(target)
            if len(calls) == 2:
                raise OSError(28, "No space left on device", str(target))
        replace(source, target)

    monkeypatch.setattr(write.os, "replace", failing_replace)
    with pytest.raises(OSError):
        build_at(root)
    assert len(calls) == 2
    monkeypatch.setattr(write.os, "replace", replace)
    build_at(root)
    build_at(root, output=tmp_path / "propre", reuse=False)
    assert snapshot(root / "output") == snapshot(tmp_path / "propre")


def test_a_path_written_twice_is_refused_naming_both_sources(tmp_path):
    source = tmp_path / "plan.pdf"
    source.write_bytes(b"%PDF")
    for writer in (SiteWriter(tmp_path / "output", None), MemoryWriter()):
        writer.add("fichiers/plan.pdf", b"page", None, "la page « Plan »")
        writer.copy("fichiers/plan.pdf", source, "content/fichiers/plan.pdf")
        writer.add("index.html", b"1", None, "la page « Accueil »")
        writer.add("index.html", b"2", None, "la page « Autre accueil »")
        assert [str(problem) for problem in writer.problems] == [
            "content/fichiers/plan.pdf : ferait le fichier « fichiers/plan.pdf » du site, "
            "déjà fait par la page « Plan » ; renommez l'un des deux",
            "la page « Autre accueil » : ferait le fichier « index.html » du site, "
            "déjà fait par la page « Accueil » ; renommez l'un des deux",
        ]
        writer.discard()


def test_a_content_file_colliding_with_a_generated_page_fails_the_build(project, monkeypatch):
    from conftest import problems_at

    from handbook import urls

    monkeypatch.setattr(
        urls, "ACCESSIBILITY", "fichiers/accessibilite.html"
    )  # as a future page might
    root = project({"content/fichiers/accessibilite.html": "<p>déclaration faite à la main</p>"})
    problems = problems_at(root)
    assert problems == [
        "content/fichiers/accessibilite.html : ferait le fichier « fichiers/accessibilite.html » "
        "du site, déjà fait par la page « Déclaration d'accessibilité » (gabarit templates/"
        "accessibility.html) ; renommez l'un des deux"
    ]
    assert not (root / "output").exists()


def dead_pid() -> int:
    import subprocess
    import sys

    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_staging_folders_left_by_killed_builds_are_removed(tmp_path):
    import subprocess
    import sys

    output = tmp_path / "output"
    write(output, {"index.html": b"1"})
    killed = tmp_path / f".output.nouveau-{dead_pid()}"
    (killed / "guides").mkdir(parents=True)
    (killed / "guides/a.html").write_bytes(b"moitie")
    other = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        running = tmp_path / f".output.nouveau-{other.pid}"  # a build still at work
        running.mkdir()
        unrelated = tmp_path / ".autre.nouveau-1"
        unrelated.mkdir()
        write(output, {"index.html": b"2"})
        assert not killed.exists()
        assert running.exists() and unrelated.exists()
    finally:
        other.kill()
        other.wait()
