"""The benchmark's inputs: its synthetic guides form a valid handbook, and MkDocs and Hugo get the
same guides."""

import sys

from conftest import ROOT, TEMPLATES

from handbook.build.pipeline import Options, build

sys.path.insert(0, str(ROOT / "bench"))

from floor import build as build_floor  # noqa: E402
from rivals import write_hugo_project, write_mkdocs_project  # noqa: E402
from run import growth_targets, size_targets, verdict  # noqa: E402
from synthetic import write_site  # noqa: E402


def test_synthetic_guides_make_a_valid_handbook_of_realistic_pages(tmp_path):
    config = write_site(tmp_path / "site", 40, TEMPLATES)
    guides = sorted((tmp_path / "site/content/guides").glob("*.md"))
    assert len(guides) == 40
    assert all(2000 <= path.stat().st_size <= 4096 for path in guides)
    text = guides[0].read_text(encoding="utf-8")
    assert (
        "\n## " in text
        and "\n1. " in text
        and "\n- " in text
        and "|---|" in text
        and ".md#etapes)" in text
    )
    result = build(
        Options(config, output=tmp_path / "sortie", strict=True)
    )  # broken links would fail it
    assert {f"guides/guide-{index}.html" for index in range(40)} <= set(result.files)
    linked = [
        slug
        for period in result.handbook.periods
        for tasks in period.tasks.values()
        for task in tasks
        for slug in task.guide_slugs
    ]
    assert sorted(linked) == sorted(
        f"guide-{index}" for index in range(40)
    )  # each guide is one task's


def test_mkdocs_and_hugo_get_the_same_guides(tmp_path):
    write_site(tmp_path / "site", 12, TEMPLATES)
    content = tmp_path / "site/content"
    mkdocs = write_mkdocs_project(content, tmp_path / "mkdocs")
    hugo = write_hugo_project(content, tmp_path / "hugo")
    assert (
        len(list((mkdocs / "docs").glob("guide-*.md")))
        == len(list((hugo / "content/guides").glob("*.md")))
        == 12
    )
    assert "use_directory_urls: false" in (mkdocs / "mkdocs.yml").read_text(encoding="utf-8")
    first = (hugo / "content/guides/guide-0.md").read_text(encoding="utf-8")
    assert (
        first.startswith('---\ntitle: "Guide synthétique numéro 0"\n---\n') and "## Étapes" in first
    )


def test_each_target_is_said_met_not_met_or_not_measured():
    assert (verdict(True), verdict(False), verdict(None)) == (
        "atteint",
        "NON ATTEINT",
        "NON MESURÉ",
    )


def test_floor_builds_one_page_per_guide_with_its_title_and_body(tmp_path):
    write_site(tmp_path / "site", 6, TEMPLATES)
    written = build_floor(tmp_path / "site/content", tmp_path / "plancher", workers=2)
    pages = sorted((tmp_path / "plancher").glob("*.html"))
    assert [page.stem for page in pages] == sorted(f"guide-{index}" for index in range(6))
    assert written == sum(page.stat().st_size for page in pages)
    html = (tmp_path / "plancher/guide-3.html").read_text(encoding="utf-8")
    assert (
        "<h1>Guide synthétique numéro 3</h1>" in html
        and "<h2>Étapes</h2>" in html
        and "<table>" in html
    )


def test_targets_are_ratios_to_the_floor_measured_in_the_same_run():
    floor = (2.0, 50.0, 1000)
    [(name, measured, met)] = size_targets(1000, (2.4, 60.0, 3000), floor, ratio=1.2, again=0.1)
    assert (measured, met) == ("×1.20", True) and "1,25" in name
    at_10000 = {
        name: met
        for name, _, met in size_targets(
            10000, (26.0, 190.0, 2600), (20.0, 40.0, 1000), ratio=1.3, again=6.0
        )
    }
    assert list(at_10000.values()) == [False, True, False, False]
    [(_, measured, met)] = growth_targets((1000, 2.0), (10000, 2.4))
    assert (measured, met) == ("×1.20", False)


def test_a_slow_spell_on_one_tool_moves_one_round_not_the_ratio():
    from run import Comparison

    rounds = Comparison(
        {}, ratios=[1.2, 2.6, 1.1], writes=0.5
    )  # the second round's floor-2 ran in a fast spell
    assert rounds.ratio == 1.2


def test_bytes_by_page_type_cover_every_file_of_the_site(tmp_path):
    from run import KINDS, bytes_by_kind, folder_bytes, kind_of

    config = write_site(tmp_path / "site", 6, TEMPLATES)
    build(Options(config, output=tmp_path / "sortie"))
    sizes = bytes_by_kind(tmp_path / "sortie")
    assert sum(sizes.values()) == folder_bytes(tmp_path / "sortie") and all(
        sizes[kind] > 0 for kind in KINDS
    )
    assert [
        kind_of(path)
        for path in (
            "guides/guide-1.html",
            "guides/tout-imprimer-2.html",
            "recherche.js",
            "recherche-12.js",
            "guides/index.html",
        )
    ] == [*KINDS[:3], KINDS[2], KINDS[3]]


def test_one_writer_writes_the_same_files_as_the_site_it_copies(tmp_path, monkeypatch):
    import run
    from run import one_writer

    monkeypatch.setattr(run, "SETTLE_SECONDS", 0)
    config = write_site(tmp_path / "site", 3, TEMPLATES)
    build(Options(config, output=tmp_path / "sortie"))
    seconds = one_writer(tmp_path / "sortie", tmp_path / "copie")
    files = {
        path.relative_to(tmp_path / "sortie"): path.read_bytes()
        for path in (tmp_path / "sortie").rglob("*")
        if path.is_file()
    }
    assert seconds > 0 and "guides/guide-2.html" in {path.as_posix() for path in files}
    assert files == {
        path.relative_to(tmp_path / "copie"): path.read_bytes()
        for path in (tmp_path / "copie").rglob("*")
        if path.is_file()
    }


def test_serve_times_are_told_as_a_median_with_their_spread():
    from run import spread

    assert spread([0.05, 0.07, 0.2]) == "70 ms (médiane de 3 ; de 50 à 200 ms)"


def test_save_to_reload_is_timed_in_the_page_that_shows_the_new_sentence(project, browser):
    """The serve case of the bench on a small site: each save is timed until the reloaded page
    shows it, and the guide is given back as it was."""
    import reload

    root = project()
    guide = root / "content/guides/premier.md"
    before = guide.read_text(encoding="utf-8")
    port = reload.free_port()
    with reload.our_server(root / "site_config.yaml", port, root / "serve.log"):
        reader = reload.Reader(browser, f"http://127.0.0.1:{port}/guides/premier.html", guide)
        times = reload.measure_in_turn({"nous": reader}, edits=2)["nous"]
        assert "Phrase ajoutée pour la mesure 2" in reader.page.content()
        reader.close()
    assert len(times) == 2 and all(0 < seconds < 30 for seconds in times)
    assert guide.read_text(encoding="utf-8") == before
