"""Reading one source file and listing a folder (handbook/read/files.py), value in, problems out."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from handbook.problems import Report
from handbook.read import files
from handbook.read.files import (
    NOT_A_FILE,
    display_path,
    link_problem,
    list_files,
    publishable_files,
    read_text,
)


def read(path: Path, root: Path) -> tuple[object, list[str]]:
    report = Report()
    source = read_text(path, root, report)
    return source, [str(problem) for problem in report.errors]


def test_the_text_loses_its_byte_order_mark_and_windows_line_ends(tmp_path):
    path = tmp_path / "guide.md"
    path.write_bytes(b"\xef\xbb\xbfa\r\nb\r\n")
    source, problems = read(path, tmp_path)
    assert problems == [] and source.text == "a\nb\n" and source.display == "guide.md"
    assert source.modified == path.stat().st_mtime


def test_a_file_not_in_utf8_is_named_with_the_line_of_its_first_bad_byte(tmp_path):
    path = tmp_path / "calendar.yaml"
    path.write_bytes("a: 1\nb: élève\n".encode("latin-1"))
    source, problems = read(path, tmp_path)
    assert source is None
    assert problems == [
        "calendar.yaml, ligne 2 : le fichier n'est pas enregistré en UTF-8 ; réenregistrez-le en "
        "UTF-8 depuis votre éditeur"
    ]


def test_a_missing_file_and_a_folder_are_reported_not_raised(tmp_path):
    (tmp_path / "dossier.md").mkdir()
    assert read(tmp_path / "absent.md", tmp_path) == (None, ["absent.md : fichier introuvable"])
    source, [problem] = read(tmp_path / "dossier.md", tmp_path)
    assert source is None and problem.startswith("dossier.md : fichier illisible (")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_named_pipe_is_refused_at_once_instead_of_waiting_for_a_writer(tmp_path):
    pipe = tmp_path / "guide.md"
    os.mkfifo(pipe)
    assert read(pipe, tmp_path) == (None, [f"guide.md : {NOT_A_FILE}"])


def test_a_file_over_the_limit_is_refused_with_its_size_and_the_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(files, "MAX_TEXT_BYTES", 1_500_000)
    path = tmp_path / "guide.md"
    path.write_bytes(b"x" * 2_500_000)
    assert read(path, tmp_path) == (
        None,
        [
            "guide.md : le fichier fait 2,5 Mo ; un fichier du contenu ne peut dépasser 1,5 Mo : "
            "découpez-le en plusieurs guides (ou fichiers)"
        ],
    )


def test_a_path_is_shown_from_the_project_folder_when_it_is_inside(tmp_path):
    assert display_path(tmp_path / "content" / "guides" / "a.md", tmp_path) == "content/guides/a.md"
    assert display_path(Path("/elsewhere/a.md"), tmp_path) == "/elsewhere/a.md"


def test_links_that_break_loop_or_leave_the_folder_are_refused(tmp_path):
    folder = tmp_path / "content"
    (folder / "sous").mkdir(parents=True)
    (folder / "vrai.pdf").write_bytes(b"%PDF")
    (tmp_path / "secret.txt").write_text("x")
    links = {
        "dedans": "vrai.pdf",
        "casse": "absent.pdf",
        "boucle": "boucle",
        "dehors": "../secret.txt",
    }
    for name, target in links.items():
        (folder / name).symlink_to(target)
    boundary = folder.resolve()
    assert link_problem(folder / "vrai.pdf", boundary) is None
    assert link_problem(folder / "dedans", boundary) is None
    assert "est cassé" in link_problem(folder / "casse", boundary)
    assert "en boucle" in link_problem(folder / "boucle", boundary)
    assert link_problem(folder / "dehors", boundary).startswith(
        f"ce lien symbolique mène hors du dossier content/ (vers {tmp_path.resolve()}/secret.txt)"
    )


def test_publishable_files_leave_out_what_must_not_be_published_and_say_why(tmp_path):
    folder = tmp_path / "fichiers"
    folder.mkdir()
    (folder / "plan.pdf").write_bytes(b"%PDF")
    (folder / "dehors.txt").symlink_to(tmp_path / "ailleurs.txt")
    (tmp_path / "ailleurs.txt").write_text("x")
    if hasattr(os, "mkfifo"):
        os.mkfifo(folder / "tube")
    kept, refused = publishable_files(folder, folder.resolve())
    assert kept == [folder / "plan.pdf"]
    assert "mène hors du dossier fichiers/" in refused[folder / "dehors.txt"]
    assert refused.get(folder / "tube", NOT_A_FILE) == NOT_A_FILE


def test_listing_leaves_hidden_files_aside_and_sorts_by_path(tmp_path):
    for name in ("b.md", "a.md", ".cache.md", "notes.txt", "sous/c.md", ".cache/d.md"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    assert list_files(tmp_path, ".md") == [tmp_path / "a.md", tmp_path / "b.md"]
    assert list_files(tmp_path, ".md", recursive=True) == [
        tmp_path / "a.md",
        tmp_path / "b.md",
        tmp_path / "sous/c.md",
    ]
    assert list_files(tmp_path / "absent") == []
