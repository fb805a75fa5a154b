"""The writer: atomic replacement, marker file, never deletes a folder it did not make."""
import pytest

from handbook.problems import BuildFailed
from handbook.write import MARKER, write_site


def test_writes_files_copies_and_marker(tmp_path):
    source = tmp_path / "style.css"
    source.write_text("body{}")
    output = tmp_path / "output"
    write_site(output, {"index.html": b"<p>1</p>", "guides/a.html": b"a"}, {"static/style.css": source})
    assert (output / "index.html").read_bytes() == b"<p>1</p>"
    assert (output / "static/style.css").read_text() == "body{}"
    assert (output / MARKER).exists()


def test_replaces_the_previous_site_whole(tmp_path):
    output = tmp_path / "output"
    write_site(output, {"index.html": b"1", "ancien.html": b"x"}, {})
    write_site(output, {"index.html": b"2"}, {})
    assert sorted(p.name for p in output.iterdir()) == [MARKER, "index.html"]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".output")]


def test_refuses_a_folder_it_did_not_make(tmp_path):
    output = tmp_path / "output"
    output.mkdir()
    (output / "travail.docx").write_text("précieux")
    with pytest.raises(BuildFailed) as failure:
        write_site(output, {"index.html": b"1"}, {})
    assert "ne viennent pas de ce générateur" in str(failure.value.report.errors[0])
    assert (output / "travail.docx").read_text() == "précieux"


def test_failed_write_leaves_previous_site(tmp_path):
    output = tmp_path / "output"
    write_site(output, {"index.html": b"1"}, {})
    with pytest.raises(FileNotFoundError):
        write_site(output, {"index.html": b"2"}, {"static/x.css": tmp_path / "absent.css"})
    assert (output / "index.html").read_bytes() == b"1"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".output")]
