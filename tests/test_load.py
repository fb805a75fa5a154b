"""Reading the content folder (handbook/read/load.py): front matter, the files listed, what a
rebuild reads again."""

from pathlib import Path

from conftest import write_files

from handbook.build.freshness import snapshot
from handbook.read.files import SourceFile
from handbook.read.load import load_content, split_front_matter


def source(text: str) -> SourceFile:
    return SourceFile(Path("x.yaml"), "x.yaml", text)


def test_split_front_matter():
    front, body, line = split_front_matter(source("---\ntitre: T\n---\n\nCorps\n"))
    assert front == "titre: T" and body == "\nCorps\n" and line == 4
    assert split_front_matter(source("Corps"))[0] is None


def test_content_listed_by_a_snapshot_is_the_content_a_walk_finds(project):
    """The build lists the content from the snapshot its fingerprint is made of (one walk per
    build): hidden files and folders are left out as a walk leaves them, in the same order."""
    root = project(
        {
            "content/guides/zèbre.md": "---\ntitre: Zèbre\n---\nTexte.\n",
            "content/guides/.brouillon.md": "x",
            "content/.cache/guides/caché.md": "x",
            "content/fichiers/.DS_Store": "x",
            "content/fichiers/sous/dossier/plan.pdf": b"%PDF",
            "content/guides/sous/autre.md": "x",
        }
    )
    content = root / "content"
    listed = snapshot([root / "site_config.yaml", content, root / "templates"]).files
    walked, from_snapshot = (
        load_content(content, root / "site_config.yaml", root, listed=paths)
        for paths in (None, listed)
    )
    assert [guide.path for guide in from_snapshot.guides] == [guide.path for guide in walked.guides]
    assert from_snapshot.files == walked.files and "fichiers/sous/dossier/plan.pdf" in walked.files
    assert (
        not any("/." in f"/{path}" for path in walked.files)
        and "guides/sous/autre.md" in walked.files
    )
    assert len(walked.guides) > 1 and not any("sous" in guide.path for guide in walked.guides)


def test_a_rebuild_reads_again_only_the_archived_calendar_that_changed(project):
    """serve's rebuilds take the previous years' calendars from the content read last time, as they
    do the guides, unless one of them changed."""
    archive = "annees/2022-2023/calendar.yaml"
    root = project(
        {f"content/{archive}": "periodes: []\n", "content/annees/2021-2022/calendar.yaml": "x: 1\n"}
    )
    content, config = root / "content", root / "site_config.yaml"
    first = load_content(content, config, root)
    again = load_content(content, config, root, first, changed={str(content / "guides/premier.md")})
    assert [id(year) for year in again.archives] == [id(year) for year in first.archives]
    assert len(first.archives) == 2
    write_files(root, {f"content/{archive}": "periodes: [1]\n"})
    edited = load_content(content, config, root, again, changed={str(content / archive)})
    assert edited.archives[0].value == {"periodes": [1]}
    assert edited.archives[1] is again.archives[1]
