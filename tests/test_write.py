"""The writer: atomic replacement, marker file, pages carried over by key, never deletes a folder it did not make."""
import json

import pytest

from handbook.problems import BuildFailed
from handbook.write import MARKER, SiteWriter


def write(output, files, keys=None, copies=None):
    writer = SiteWriter(output)
    for path, data in files.items():
        writer.add(path, data, (keys or {}).get(path))
    for path, source in (copies or {}).items():
        writer.copy(path, source)
    return writer.commit()


def test_writes_files_copies_and_marker(tmp_path):
    source = tmp_path / "style.css"
    source.write_text("body{}")
    output = tmp_path / "output"
    files = write(output, {"index.html": b"<p>1</p>", "guides/a.html": b"a"}, {"guides/a.html": "k1"},
                  {"static/style.css": source})
    assert (output / "index.html").read_bytes() == b"<p>1</p>"
    assert (output / "static/style.css").read_text() == "body{}"
    assert json.loads((output / MARKER).read_text())["pages"] == {"guides/a.html": "k1"}
    assert dict(files) == {"index.html": b"<p>1</p>", "guides/a.html": b"a", "static/style.css": b"body{}"}


def test_replaces_the_previous_site_whole(tmp_path):
    output = tmp_path / "output"
    write(output, {"index.html": b"1", "ancien.html": b"x"})
    write(output, {"index.html": b"2"})
    assert sorted(p.name for p in output.iterdir()) == [MARKER, "index.html"]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".output")]


def test_a_page_with_the_same_key_is_carried_over_without_rendering(tmp_path):
    output = tmp_path / "output"
    write(output, {"guides/a.html": b"A", "guides/b.html": b"B"}, {"guides/a.html": "ka", "guides/b.html": "kb"})
    inode = (output / "guides/a.html").stat().st_ino
    writer = SiteWriter(output)
    assert writer.unchanged("guides/a.html", "ka")
    assert not writer.unchanged("guides/b.html", "autre clé") and not writer.unchanged("index.html", None)
    writer.add("guides/b.html", b"B2", "kb2")
    writer.commit()
    assert (output / "guides/a.html").read_bytes() == b"A" and (output / "guides/a.html").stat().st_ino == inode
    assert (output / "guides/b.html").read_bytes() == b"B2"
    assert json.loads((output / MARKER).read_text())["pages"] == {"guides/a.html": "ka", "guides/b.html": "kb2"}


def test_an_old_or_damaged_marker_carries_nothing_over(tmp_path):
    output = tmp_path / "output"
    write(output, {"a.html": b"A"}, {"a.html": "k"})
    (output / MARKER).write_text("Dossier produit par build.py\n")
    assert not SiteWriter(output).unchanged("a.html", "k")


def test_refuses_a_folder_it_did_not_make(tmp_path):
    output = tmp_path / "output"
    output.mkdir()
    (output / "travail.docx").write_text("précieux")
    with pytest.raises(BuildFailed) as failure:
        SiteWriter(output)
    assert "ne viennent pas de ce générateur" in str(failure.value.report.errors[0])
    assert (output / "travail.docx").read_text() == "précieux"


def test_discarded_write_leaves_previous_site(tmp_path):
    output = tmp_path / "output"
    write(output, {"index.html": b"1"})
    writer = SiteWriter(output)
    writer.add("index.html", b"2")
    with pytest.raises(FileNotFoundError):
        writer.copy("static/x.css", tmp_path / "absent.css")
    writer.discard()
    assert (output / "index.html").read_bytes() == b"1"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".output")]
