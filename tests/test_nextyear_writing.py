"""nouvelle-annee's writing side: all or nothing as the next run sees it, never through a symbolic
link, and only what it can rewrite faithfully. The command is stopped (os._exit, as a kill) before
each of its writes."""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import BASE_FILES, CALENDAR, CONFIG, build_at, problems_at, write_files

from handbook.build.pipeline import handbook_of
from handbook.build.settings import load_config
from handbook.cli import main
from handbook.problems import Report
from handbook.year.nextyear import prepare
from handbook.year.sources import JOURNAL

ROOT = Path(__file__).resolve().parents[1]
STAGED = ".nouvelle-annee"

# Runs the command in a process of its own and ends that process, like a kill, just before its Nth
# write.
KILLER = """\
import os, sys
from pathlib import Path
from handbook.year.nextyear import prepare
count = 0
def step():
    global count
    count += 1
    if count == int(sys.argv[2]):
        os._exit(9)
code, lines = prepare(Path(sys.argv[1]), sys.argv[3], False, step=step)
print("\\n".join(lines), file=sys.stderr if code else sys.stdout)
sys.exit(code)
"""


def make_project(root: Path, **files: str) -> Path:
    write_files(root, {**BASE_FILES, "site_config.yaml": CONFIG + "zone_vacances: C\n", **files})
    return root


def tree(folder: Path) -> dict[str, object]:
    """Every file and link under folder (links not followed), .cache/ aside: path → bytes, or
    ("lien", target)."""
    found: dict[str, object] = {}
    for parent, folders, names in os.walk(folder):
        folders[:] = [name for name in folders if name != ".cache"]
        for name in names + [
            name for name in folders if os.path.islink(os.path.join(parent, name))
        ]:
            path = Path(parent, name)
            key = path.relative_to(folder).as_posix()
            found[key] = ("lien", os.readlink(path)) if path.is_symlink() else path.read_bytes()
        found.update(
            {
                Path(parent, name).relative_to(folder).as_posix() + "/": "dossier"
                for name in folders
                if not os.path.islink(os.path.join(parent, name))
            }
        )
    return found


def killed_at(root: Path, step: int, label: str = "2024-2025") -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", KILLER, str(root / "site_config.yaml"), str(step), label],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


def run(root: Path, *arguments: str) -> int:
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(root)  # as a user types it: python build.py nouvelle-annee …
        return main(["nouvelle-annee", *arguments])


def leftovers(root: Path) -> list[str]:
    return [path for path in tree(root) if STAGED in path or JOURNAL in path]


@pytest.mark.lent  # one process per write (about 40): make test only
def test_killed_before_any_write_the_next_run_finds_the_old_year_or_finishes_the_new_one(
    tmp_path, capsys
):
    """Stopped before each of its writes in turn: the project then holds either the old year (and
    the build works on it) or a journal that the build names and that the next run completes; after
    the next run the project is exactly what an uninterrupted run makes, with no temporary file, and
    nothing outside it moved."""
    outside = tmp_path / "ailleurs"
    write_files(outside, {"site_config.yaml": "autre", "calendar.yaml": "autre"})
    untouched = tree(outside)
    reference = make_project(tmp_path / "reference")
    assert run(reference, "2024-2025") == 0
    expected = tree(reference)
    original = tree(make_project(tmp_path / "original"))
    steps = 0
    for step in range(1, 40):
        root = tmp_path / f"arret-{step}"
        shutil.copytree(tmp_path / "original", root, symlinks=True)
        stopped = killed_at(root, step)
        if stopped.returncode == 0:  # the run made fewer writes than that: every one was tried
            assert tree(root) == expected
            break
        assert stopped.returncode == 9, stopped.stderr
        steps = step
        after_kill = tree(root)
        if (root / "content" / JOURNAL).exists():
            problems = problems_at(root)
            assert (
                len(problems) == 1
                and "nouvelle-annee 2024-2025" in problems[0]
                and "interrompue" in problems[0]
            )
        else:  # nothing replaced yet: only temporary files beside the old year
            assert {
                path: data
                for path, data in after_kill.items()
                if STAGED not in path
                and not (path.startswith("content/annees") and data == "dossier")
            } == original
        capsys.readouterr()
        assert run(root, "2024-2025") == 0, capsys.readouterr().err
        assert tree(root) == expected, f"arrêt avant l'écriture {step}"
        assert leftovers(root) == []
        build_at(root, output=tmp_path / f"site-{step}")
        assert tree(outside) == untouched
    assert (
        steps >= 12
    )  # folders, 4 new versions, the journal (2), 4 replacements, the journal's removal


@pytest.mark.lent  # one process per write (about 40): make test only
def test_the_run_that_completes_an_interrupted_one_can_itself_be_stopped_at_each_write(
    tmp_path, capsys
):
    reference = make_project(tmp_path / "reference")
    assert run(reference, "2024-2025") == 0
    expected = tree(reference)
    make_project(tmp_path / "original")
    first_replacement = 10  # 2 folders, 4 new versions, the journal (2): the journal is in place
    for step in range(1, 20):
        root = tmp_path / f"arret-{step}"
        shutil.copytree(tmp_path / "original", root)
        assert (
            killed_at(root, first_replacement + 1).returncode == 9
        )  # one file replaced, three to do
        assert (root / "content" / JOURNAL).exists()
        completing = killed_at(root, step)
        if completing.returncode == 0:
            assert "interrompue avant la fin, a été terminée" in completing.stdout
            assert tree(root) == expected
            break
        assert completing.returncode == 9
        capsys.readouterr()
        assert run(root, "2024-2025") == 0
        assert "a été terminée" in capsys.readouterr().out
        assert tree(root) == expected
    else:
        pytest.fail("la reprise ne finit jamais")


def test_an_interrupted_run_is_not_completed_by_a_dry_run_and_another_year_waits(tmp_path, capsys):
    root = make_project(tmp_path / "projet")
    assert killed_at(root, 12).returncode == 9
    before = tree(root)
    assert run(root, "2024-2025", "--dry-run") == 1
    err = capsys.readouterr().err
    assert "relancez-la sans --dry-run pour la terminer : python3 " in err
    assert "build.py nouvelle-annee 2024-2025" in err
    assert tree(root) == before
    assert run(root, "2025-2026") == 1
    err = capsys.readouterr().err
    assert "« nouvelle-annee 2024-2025 », interrompue avant la fin, a été terminée" in err
    assert "relancez la commande pour préparer 2025-2026" in err
    assert "annee_scolaire: 2024-2025" in (root / "site_config.yaml").read_text(encoding="utf-8")
    assert leftovers(root) == []


def test_a_file_changed_after_an_interruption_is_not_overwritten(tmp_path, capsys):
    root = make_project(tmp_path / "projet")
    assert killed_at(root, 11).returncode == 9  # journal in place, calendar.yaml not replaced yet
    (root / "content/calendar.yaml").write_text(
        CALENDAR + "# retouché à la main\n", encoding="utf-8"
    )
    assert run(root, "2024-2025") == 1
    err = capsys.readouterr().err
    assert "content/calendar.yaml" in err and "a été modifié depuis" in err
    assert (
        (root / "content/calendar.yaml")
        .read_text(encoding="utf-8")
        .endswith("# retouché à la main\n")
    )


def test_what_is_written_is_read_back(tmp_path, capsys):
    """A file changed under the command as it writes (here, before its last step) is reported."""
    root = make_project(tmp_path / "projet")
    count = []

    def meddle():
        count.append(1)
        if len(count) == 13:
            (root / "content/calendar.yaml").write_text("# autre chose\n", encoding="utf-8")

    code, lines = prepare(root / "site_config.yaml", "2024-2025", False, step=meddle)
    assert code == 1
    assert any("content/calendar.yaml : relu après l'écriture" in line for line in lines)


LINKS = {  # what is a link to a folder or file outside the project, and the path the message names
    "le dossier des années": ("content/annees", "dossier"),
    "le dossier de l'année archivée": ("content/annees/2023-2024", "dossier"),
    "le calendrier archivé": ("content/annees/2023-2024/calendar.yaml", "fichier"),
    "la configuration archivée": ("content/annees/2023-2024/site_config.yaml", "fichier"),
    "le calendrier": ("content/calendar.yaml", "calendrier"),
    "la configuration": ("site_config.yaml", "configuration"),
}


@pytest.mark.parametrize("where", LINKS)
def test_nothing_is_written_through_a_symbolic_link(tmp_path, capsys, where):
    path, kind = LINKS[where]
    root = make_project(tmp_path / "projet")
    outside = tmp_path / "ailleurs"
    write_files(
        outside,
        {
            "site_config.yaml": "partagé\n",
            "calendar.yaml": "partagé\n",
            "partage/calendar.yaml": CALENDAR,
            "partage/site_config.yaml": CONFIG + "zone_vacances: C\n",
        },
    )
    link = root / path
    if kind == "dossier":
        link.parent.mkdir(parents=True, exist_ok=True)
        link.symlink_to(outside, target_is_directory=True)
    elif kind == "fichier":
        link.parent.mkdir(parents=True, exist_ok=True)
        link.symlink_to(outside / "calendar.yaml")
    else:  # the current calendar or configuration: a link to a shared file
        link.unlink()
        link.symlink_to(outside / "partage" / link.name)
    outside_before, before = tree(outside), tree(root)
    assert run(root, "2024-2025") == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert f"ERREUR  {path}" in err and "lien symbolique" in err and "rien n'a été écrit" in err
    assert tree(outside) == outside_before
    assert tree(root) == before


def test_a_stale_temporary_file_that_is_a_link_is_removed_not_followed(tmp_path, capsys):
    root = make_project(tmp_path / "projet")
    outside = tmp_path / "ailleurs"
    write_files(outside, {"cible.yaml": "à garder\n"})
    for name in (
        "content/.calendar.yaml.nouvelle-annee",
        ".site_config.yaml.nouvelle-annee",
        f"content/{JOURNAL}.nouvelle-annee",
    ):
        (root / name).symlink_to(outside / "cible.yaml")
    assert run(root, "2024-2025") == 0
    assert (outside / "cible.yaml").read_text(encoding="utf-8") == "à garder\n"
    assert leftovers(root) == []


def test_an_archived_calendar_that_links_out_of_the_project_is_refused(tmp_path):
    root = make_project(tmp_path / "projet")
    outside = tmp_path / "ailleurs"
    write_files(
        outside, {"calendar.yaml": CALENDAR.replace("2023", "2022").replace("2024", "2023")}
    )
    (root / "content/annees/2022-2023").mkdir(parents=True)
    (root / "content/annees/2022-2023/calendar.yaml").symlink_to(outside / "calendar.yaml")
    problems = problems_at(root)
    assert any(
        problem.startswith("content/annees/2022-2023/calendar.yaml")
        and "lien symbolique" in problem
        and "hors du dossier" in problem
        for problem in problems
    )


@pytest.mark.parametrize("linked", ["content/annees", "content/annees/2022-2023"])
def test_an_archive_folder_that_links_out_of_the_project_is_not_read_nor_published(
    tmp_path, linked
):
    root = make_project(tmp_path / "projet")
    outside = tmp_path / "ailleurs"
    write_files(
        outside,
        {"2022-2023/calendar.yaml": CALENDAR.replace("2023", "2022").replace("2024", "2023")},
    )
    (root / linked).parent.mkdir(parents=True, exist_ok=True)
    (root / linked).symlink_to(outside if linked == "content/annees" else outside / "2022-2023")
    build_at(root, output=tmp_path / "site")
    assert "2022-2023" not in (tmp_path / "site" / "annees.html").read_text(encoding="utf-8")


FLOW_PERIOD = CALENDAR.replace(
    """\
  - numero: 2
    debut: 06/11/2023
    fin: 15/12/2023
    taches:
      referent:
        - Faire le bilan.
      eleves:
        - texte: Passer le test.
          guide: second
""",
    """\
  - {numero: 2, debut: 06/11/2023, fin: 15/12/2023, taches: {referent: [Faire le bilan.],
     eleves: [{texte: Passer le test., guide: second}]}}
""",
)


@pytest.mark.parametrize(
    "files, named",
    [
        (
            {"content/calendar.yaml": FLOW_PERIOD},
            "content/calendar.yaml, ligne 16, champ « periodes › 2 »",
        ),
        (
            {
                "site_config.yaml": CONFIG.replace("annee_scolaire:", '"annee_scolaire":')
                + "zone_vacances: C\n"
            },
            "site_config.yaml, ligne 3, champ « annee_scolaire »",
        ),
    ],
)
def test_what_cannot_be_rewritten_faithfully_is_refused_before_writing(
    tmp_path, capsys, files, named
):
    root = make_project(tmp_path / "projet", **files)
    build_at(root, output=tmp_path / "site")  # valid content: the build takes it
    before = tree(root)
    assert run(root, "2024-2025") == 1
    err = capsys.readouterr().err
    assert named in err and "ne sait pas réécrire" in err and "rien n'a été écrit" in err
    assert "Traceback" not in err
    assert tree(root) == before


def test_a_refused_write_at_any_step_undoes_everything_or_says_to_run_again(tmp_path, capsys):
    """A read-only folder (content/, annees/, the project folder) makes one of the writes fail:
    before the journal is in place everything made is removed (no empty archive folder, no temporary
    file); after, the message says to run the command again, which finishes."""
    reference = make_project(tmp_path / "reference")
    assert run(reference, "2024-2025") == 0
    expected = tree(reference)
    for failing in range(1, 14):
        root = make_project(tmp_path / f"refus-{failing}")
        before = tree(root)
        count = []

        def refuse():
            count.append(1)
            if len(count) == failing:
                raise PermissionError(errno.EACCES, "Permission denied", str(root / "content"))

        code, lines = prepare(root / "site_config.yaml", "2024-2025", False, step=refuse)
        assert code == 1
        assert "ERREUR  content : écriture impossible (accès refusé)" in lines[0], lines
        if (root / "content" / JOURNAL).exists():
            assert "relancez la commande pour le terminer : python3 " in lines[0]
            assert "build.py nouvelle-annee 2024-2025" in lines[0]
            assert run(root, "2024-2025") == 0
            assert tree(root) == expected
        else:
            assert lines[-1] == "Échec : rien n'a été écrit."
            assert tree(root) == before


@pytest.mark.skipif(
    os.name != "posix" or os.geteuid() == 0, reason="root writes in read-only folders"
)
def test_a_read_only_content_folder_is_refused_without_traceback(tmp_path, capsys):
    root = make_project(tmp_path / "projet")
    before = tree(root)
    (root / "content").chmod(0o555)
    try:
        assert run(root, "2024-2025") == 1
    finally:
        (root / "content").chmod(0o755)
    err = capsys.readouterr().err
    assert "écriture impossible" in err and "Traceback" not in err
    assert tree(root) == before


WITH_TASK_IDS = (
    CALENDAR.replace(
        "        - texte: Importer la base.\n",
        "        - id: importer-base\n          texte: Importer la base.\n",
    )
    .replace("        - Se connecter.\n", "        - {id: connexion, texte: Se connecter.}\n")
    .replace(
        "        - Faire le bilan.\n", "        - texte: Faire le bilan.\n          id: bilan\n"
    )
)


def task_ids(root: Path) -> list[tuple[int, str, str, str | None]]:
    config = load_config(root / "site_config.yaml", Report())
    handbook = handbook_of(config, Report())
    return [
        (period.number, role, task.text, task.id)
        for period in handbook.periods
        for role, tasks in period.tasks.items()
        for task in tasks
    ]


def test_task_ids_are_carried_into_the_next_year_unchanged(tmp_path):
    root = make_project(tmp_path / "projet", **{"content/calendar.yaml": WITH_TASK_IDS})
    before = task_ids(root)
    assert [task[3] for task in before] == ["importer-base", "connexion", "bilan", None]
    assert run(root, "2024-2025") == 0
    assert task_ids(root) == before
    new = (root / "content/calendar.yaml").read_text(encoding="utf-8").splitlines()
    old = WITH_TASK_IDS.splitlines()
    assert [line for line in new if "id:" in line] == [line for line in old if "id:" in line]
    assert "importer-base" in (root / "content/annees/2023-2024/calendar.yaml").read_text(
        encoding="utf-8"
    )
    # the archived year keeps the same ids: each calendar has its own, no task is given one twice
    build_at(root, output=tmp_path / "site")
    checklist = (tmp_path / "site/role-referent.html").read_text(encoding="utf-8")
    assert 'data-task="id-importer-base"' in checklist and 'data-task="id-bilan"' in checklist
