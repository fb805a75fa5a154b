"""The whole build on fixture sites: determinism, check mode, collisions, the second school."""
import os
import shutil
import subprocess
import sys

import pytest

from conftest import CALENDAR, FIRST_GUIDE, ROOT, build_at, snapshot, write_files
from handbook import forks, ical, pipeline
from handbook.pipeline import Options, build

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
    assert [role.id for role in result.handbook.roles] == ["direction", "professeurs-principaux", "eleves"]
    assert [period.title for period in result.handbook.periods] == ["Rentrée", "Hiver", "Printemps", "Fin d'année"]
    home = (tmp_path / "out/index.html").read_text()
    assert "Lycée Marie Curie" in home and "Professeurs principaux" in home and "Printemps" in home
    assert "role-professeurs-principaux.html" in home
    everything = "".join(html.decode() for html in result.files.values())
    for word in ("Référent", "SIECLE", "Période 1", "collège"):
        assert word not in everything, word
    assert "UAI 0330001X" in home


def test_second_school_outside_the_project_builds_by_config_alone(tmp_path):
    """A school that writes only its content (no templates folder) gets the generator's own templates."""
    school = tmp_path / "ailleurs/lycee"
    shutil.copytree(LYCEE, school)
    assert "\ndossier_gabarits:" not in (school / "site_config.yaml").read_text() and not (school / "templates").exists()
    done = subprocess.run([sys.executable, str(ROOT / "build.py"), "--config", str(school / "site_config.yaml"),
                           "--output", str(tmp_path / "site")], cwd=tmp_path, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "dossier_gabarits" not in done.stderr
    home = (tmp_path / "site/index.html").read_text()
    assert "Lycée Marie Curie" in home and (tmp_path / "site/static/style.css").is_file()


def test_school_with_a_single_role_and_no_milestone(project):
    root = project({"content/calendar.yaml": """\
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
""", "content/guides/premier.md": FIRST_GUIDE.replace("roles: [referent]", "roles: [tous]")})
    result = build_at(root)
    assert result.page_count >= 7
    assert "(guides :" in (root / "output/periode-1.html").read_text()


@pytest.mark.parametrize("forked", [True, False], ids=["fork", "spawn"])
def test_many_guides_are_processed_in_parallel_with_the_same_result(project, tmp_path, monkeypatch, forked):
    from handbook import validate
    if forked and not hasattr(os, "fork"):
        pytest.skip("pas de fork sur ce système")
    monkeypatch.setattr(forks, "can_fork", lambda: forked)  # serve's threads make the build start fresh processes
    files = {f"content/guides/g{i}.md": f"---\ntitre: Guide {i}\n---\nVoir [premier](premier.md).\n\n## Partie {i}\n"
             for i in range(validate.PARALLEL_FROM + 10)}
    root = project(files)
    build_at(root, output=tmp_path / "parallel", reuse=False)
    monkeypatch.setattr(validate, "PARALLEL_FROM", 10**6)
    build_at(root, output=tmp_path / "sequential", reuse=False)
    assert snapshot(tmp_path / "parallel") == snapshot(tmp_path / "sequential")


def test_pages_rendered_by_worker_processes_are_those_one_process_renders(project, tmp_path, monkeypatch, forking):
    from handbook import render
    root = project({f"content/guides/g{i}.md": f"---\ntitre: Guide {i}\n---\nVoir [premier](premier.md).\n"
                    for i in range(12)})
    monkeypatch.setattr(render, "PARALLEL_FROM", 10)
    in_workers = render._render_in_workers
    calls = []
    monkeypatch.setattr(render, "_render_in_workers", lambda *args: calls.append(len(args[2])) or in_workers(*args))
    build_at(root, output=tmp_path / "workers", reuse=False)
    assert calls and calls[0] > 10
    monkeypatch.setattr(render, "PARALLEL_FROM", 10**6)
    build_at(root, output=tmp_path / "one", reuse=False)
    assert snapshot(tmp_path / "workers") == snapshot(tmp_path / "one")


def test_processed_guides_are_reused_from_the_disk_cache(project, tmp_path, monkeypatch):
    from handbook import cache, markdown
    root = project()
    build_at(root, output=tmp_path / "first")
    folder = cache.folder_for(root)
    assert len(list(folder.glob("*.pickle"))) == 2

    def must_not_run(*args, **kwargs):
        raise AssertionError("guide traité de nouveau")
    monkeypatch.setattr(markdown, "process", must_not_run)
    build_at(root, output=tmp_path / "second")
    assert snapshot(tmp_path / "first") == snapshot(tmp_path / "second")


def test_disk_cache_follows_edits_and_survives_damage(project, tmp_path):
    from handbook import cache
    root = project()
    build_at(root, output=tmp_path / "a")
    folder = cache.folder_for(root)
    for entry in folder.glob("*.pickle"):
        entry.write_bytes(b"abime")
    write_files(root, {"content/guides/premier.md": FIRST_GUIDE.replace("Ouvrir.", "Ouvrir Pix.")})
    build_at(root, output=tmp_path / "cached")
    build_at(root, output=tmp_path / "clean", reuse=False)
    assert snapshot(tmp_path / "cached") == snapshot(tmp_path / "clean")
    assert "Ouvrir Pix." in (tmp_path / "cached/guides/premier.html").read_text()
    assert len(list(folder.glob("*.pickle"))) == 2  # the old version of premier.md was forgotten


def test_a_rebuild_carries_unchanged_pages_over_and_redoes_the_others(project):
    root = project()
    build_at(root)
    page = root / "output/guides/second.html"
    inode = page.stat().st_ino
    build_at(root)
    assert page.stat().st_ino == inode  # taken over from the previous output, not rendered again
    write_files(root, {"content/calendar.yaml": CALENDAR.replace("fin: 15/12/2023", "fin: 22/12/2023")})
    build_at(root)
    assert page.stat().st_ino != inode and "2023-12-22" in page.read_text()
    clean = build_at(root, output=root / "propre", reuse=False)
    assert clean.files["guides/second.html"] == page.read_bytes()


def test_without_reuse_every_page_is_made_again(project):
    root = project()
    build_at(root)
    inode = (root / "output/guides/second.html").stat().st_ino
    build_at(root, reuse=False)
    assert (root / "output/guides/second.html").stat().st_ino != inode


def test_compiled_templates_are_kept_and_follow_template_edits(project, tmp_path):
    import shutil
    from conftest import CONFIG, TEMPLATES
    from handbook import cache
    root = project({"site_config.yaml": CONFIG.replace(TEMPLATES.as_posix(), "templates")})
    shutil.copytree(TEMPLATES, root / "templates")
    build_at(root, reuse=False)
    assert list(cache.templates_folder(root).iterdir())
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


@pytest.mark.skipif(not hasattr(os, "fork") or forks.usable_cpus() < 2, reason="fork ou second processeur absent")
def test_feeds_made_ahead_by_a_forked_copy_are_those_made_in_the_build(project, tmp_path):
    root = project()
    script = ("import sys; from pathlib import Path; from handbook.pipeline import Options, build; "
              f"build(Options(Path({str(root / 'site_config.yaml')!r}), output=Path({str(tmp_path / 'ahead')!r}))); "
              "print('icalendar' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"  # the copy made the feeds: the build's own process never loaded icalendar
    build_at(root, output=tmp_path / "here")  # this test process has icalendar loaded: the feeds are made in it
    assert snapshot(tmp_path / "ahead") == snapshot(tmp_path / "here")


class MadeAhead:
    def __init__(self, made):
        self.made = made

    def result(self):
        return self.made


def test_feeds_made_ahead_from_an_older_calendar_are_made_again(project):
    root = project()
    before = build_at(root, write=False).handbook
    write_files(root, {"content/calendar.yaml": CALENDAR.replace("Faire le bilan.", "Faire le bilan final.")})
    now = build_at(root, write=False).handbook
    current = ical.feed_files(now)
    assert current != ical.feed_files(before)
    made_before = ((before.calendar_digest, before.updated), ical.feed_files(before))
    assert pipeline.made_feeds(now, MadeAhead(made_before)) == current
    assert pipeline.made_feeds(now, MadeAhead(None)) == current  # the copy failed
    made_now = ((now.calendar_digest, now.updated), current)
    assert pipeline.made_feeds(now, MadeAhead(made_now)) is current
