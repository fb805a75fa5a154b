"""The benchmark's inputs: its synthetic guides form a valid handbook, and MkDocs and Hugo get the same guides."""
import sys

from conftest import ROOT, TEMPLATES
from handbook.pipeline import Options, build

sys.path.insert(0, str(ROOT / "bench"))

from rivals import write_hugo_project, write_mkdocs_project  # noqa: E402
from run import verdict  # noqa: E402
from synthetic import write_site  # noqa: E402


def test_synthetic_guides_make_a_valid_handbook_of_realistic_pages(tmp_path):
    config = write_site(tmp_path / "site", 40, TEMPLATES)
    guides = sorted((tmp_path / "site/content/guides").glob("*.md"))
    assert len(guides) == 40
    assert all(2000 <= path.stat().st_size <= 4096 for path in guides)
    text = guides[0].read_text(encoding="utf-8")
    assert "\n## " in text and "\n1. " in text and "\n- " in text and "|---|" in text and ".md#etapes)" in text
    result = build(Options(config, output=tmp_path / "sortie", strict=True))  # broken links would fail it
    assert {f"guides/guide-{index}.html" for index in range(40)} <= set(result.files)
    linked = [slug for period in result.handbook.periods for tasks in period.tasks.values()
              for task in tasks for slug in task.guide_slugs]
    assert sorted(linked) == sorted(f"guide-{index}" for index in range(40))  # each guide is one task's


def test_mkdocs_and_hugo_get_the_same_guides(tmp_path):
    write_site(tmp_path / "site", 12, TEMPLATES)
    content = tmp_path / "site/content"
    mkdocs = write_mkdocs_project(content, tmp_path / "mkdocs")
    hugo = write_hugo_project(content, tmp_path / "hugo")
    assert len(list((mkdocs / "docs").glob("guide-*.md"))) == len(list((hugo / "content/guides").glob("*.md"))) == 12
    assert "use_directory_urls: false" in (mkdocs / "mkdocs.yml").read_text(encoding="utf-8")
    first = (hugo / "content/guides/guide-0.md").read_text(encoding="utf-8")
    assert first.startswith('---\ntitle: "Guide synthétique numéro 0"\n---\n') and "## Étapes" in first


def test_each_target_is_said_met_not_met_or_not_measured():
    assert (verdict(True), verdict(False), verdict(None)) == ("atteint", "NON ATTEINT", "NON MESURÉ")
