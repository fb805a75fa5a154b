"""The command line as a référent uses it: exit codes, messages, summary."""

import os
import subprocess
import sys
import time

from conftest import CALENDAR, ROOT, snapshot


def run(*args, cwd=ROOT):
    return subprocess.run(
        [sys.executable, str(ROOT / "build.py"), *args], cwd=cwd, capture_output=True, text=True
    )


def test_help_documents_the_commands():
    result = run("--help")
    assert result.returncode == 0
    for word in ("check", "serve", "--strict", "--config", "--content", "--output", "-q", "-v"):
        assert word in result.stdout


def test_help_speaks_to_the_referent_without_developer_words():
    """The référent is not a developer: no « build », « intégration continue », « gabarits
    compilés » or .cache/."""
    said = " ".join(run("--help").stdout.split())
    for word in ("build (", "intégration continue", "compilés", ".cache/"):
        assert word not in said, word
    assert "sans commande : construit le site" in said


def test_build_prints_a_one_line_summary(project):
    root = project()
    result = run("--config", str(root / "site_config.yaml"))
    assert result.returncode == 0, result.stderr
    assert (
        result.stdout.startswith("Site construit : ")
        and " pages, " in result.stdout
        and " s → " in result.stdout
    )
    assert (root / "output/index.html").exists()


def test_a_second_run_with_nothing_changed_says_so_and_repeats_the_warnings(project):

    root = project(
        {"content/guides/orphelin.md": "---\ntitre: Orphelin\n---\nPersonne ne me cite.\n"}
    )
    a_minute_ago = (
        time.time() - 60
    )  # files saved just now count with their content until they are two seconds old,
    for path in root.rglob("*"):  # so a slow first build would make the second one run again
        os.utime(path, (a_minute_ago, a_minute_ago))
    first = run("--config", str(root / "site_config.yaml"))
    second = run("--config", str(root / "site_config.yaml"))
    assert second.returncode == 0 and second.stdout.startswith(
        "Rien n'a changé depuis la dernière construction : "
    )
    assert "orphelin.md" in first.stderr and second.stderr == first.stderr


def test_quiet_prints_nothing_on_success(project):
    root = project()
    result = run("--config", str(root / "site_config.yaml"), "-q")
    assert result.returncode == 0 and result.stdout == ""


def test_verbose_lists_the_files(project):
    root = project()
    result = run("--config", str(root / "site_config.yaml"), "-v")
    assert "  periode-1.html" in result.stdout


def test_errors_exit_1_and_leave_output_untouched(project):
    root = project()
    run("--config", str(root / "site_config.yaml"))
    before = snapshot(root / "output")
    project({"content/calendar.yaml": CALENDAR.replace("fin: 15/12/2023", "fin: 2023-12-45")})
    result = run("--config", str(root / "site_config.yaml"), cwd=root)
    assert result.returncode == 1
    assert "ERREUR  content/calendar.yaml, ligne 18, champ « periodes › 2 › fin »" in result.stderr
    assert "rien n'a été écrit" in result.stderr
    assert snapshot(root / "output") == before


def test_check_writes_nothing_and_strict_fails_on_warnings(project):
    root = project({"content/guides/orphelin.md": "---\ntitre: Orphelin\n---\n"})
    result = run("check", "--config", str(root / "site_config.yaml"))
    assert (
        result.returncode == 0
        and "ATTENTION" in result.stderr
        and "aucun fichier écrit" in result.stdout
    )
    assert not (root / "output").exists()
    assert run("check", "--strict", "--config", str(root / "site_config.yaml")).returncode == 1


def test_the_summary_counts_errors_and_warnings_in_french(project):
    """« 1 erreur(s) » is no French; a check that only warns must not read as « all good » after the
    warning."""
    root = project({"content/guides/orphelin.md": "---\ntitre: Orphelin\n---\n"})
    checked = run("check", "--config", str(root / "site_config.yaml"))
    assert checked.stdout.rstrip().endswith("aucun fichier écrit ; 1 avertissement ci-dessus."), (
        checked.stdout
    )
    built = run("--config", str(root / "site_config.yaml"))
    assert built.stdout.rstrip().endswith(" ; 1 avertissement ci-dessus"), built.stdout
    project({"content/calendar.yaml": CALENDAR.replace("fin: 15/12/2023", "fin: 2023-12-45")})
    one = run("--config", str(root / "site_config.yaml"))
    assert "Échec : 1 erreur, rien n'a été écrit." in one.stderr, one.stderr
    project(
        {
            "content/calendar.yaml": CALENDAR.replace("fin: 15/12/2023", "fin: 2023-12-45").replace(
                "debut: ", "debut: 2023-02-30 #", 1
            )
        }
    )
    two = run("--config", str(root / "site_config.yaml"))
    assert "Échec : 2 erreurs, rien n'a été écrit." in two.stderr, two.stderr


def test_bad_usage_exits_2_with_a_message_in_french():
    for args, message in (
        (
            ["chek"],
            "build.py : erreur : commande inconnue « chek » (vouliez-vous écrire « check » ?) ; "
            "commandes possibles : build, check, serve, nouvelle-annee",
        ),
        (["--inconnue"], "build.py : erreur : option ou argument inconnu : --inconnue"),
        (
            ["serve", "--port", "huit"],
            "build.py : erreur : l'option --port attend un nombre, pas « huit »",
        ),
        (["--config"], "build.py : erreur : l'option --config attend une valeur"),
        (
            ["-q", "-v"],
            "build.py : erreur : les options -v/--verbose et -q/--quiet ne vont pas ensemble",
        ),
    ):
        result = run(*args)
        assert result.returncode == 2
        assert result.stderr.startswith("utilisation : build.py ") and message in result.stderr, (
            result.stderr
        )
    assert "affiche cette aide" in run("--help").stdout


def test_output_and_content_overrides(project, tmp_path):
    root = project()
    other = tmp_path / "autre-sortie"
    result = run(
        "--config",
        str(root / "site_config.yaml"),
        "--content",
        str(root / "content"),
        "--output",
        str(other),
    )
    assert result.returncode == 0 and (other / "index.html").exists()


def test_an_output_that_cannot_be_written_is_a_clear_error(project):
    root = project()
    (root / "fichier").write_text("pas un dossier")
    result = run("--config", str(root / "site_config.yaml"), "--output", str(root / "fichier/site"))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert (
        "ERREUR  écriture impossible (un fichier ou un dossier porte déjà ce nom) : "
        in result.stderr
    )
    assert "fichier" in result.stderr


def test_errors_are_listed_by_file_then_line(project):
    from test_serve import IN_ORDER, UNSORTED

    root = project(UNSORTED)
    result = run("check", "--config", str(root / "site_config.yaml"), cwd=root)
    errors = [line for line in result.stderr.splitlines() if line.startswith("ERREUR")]
    assert len(errors) == 4 and all(
        line.startswith(f"ERREUR  {where}") for line, where in zip(errors, IN_ORDER)
    ), result.stderr


def test_build_py_knows_the_modules_of_every_requirement():
    """build.py checks that the guide's packages are importable (else it uses .venv/ or says what to
    install) from its own list of modules: the list names a module of each package of
    requirements.txt."""
    import importlib.metadata
    import importlib.util

    spec = importlib.util.spec_from_file_location("build_script", ROOT / "build.py")
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    required = {
        line.split("==")[0].strip().lower()
        for line in (ROOT / "requirements.txt").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    }
    providers = importlib.metadata.packages_distributions()
    covered = {
        distribution.lower() for module in script.MODULES for distribution in providers[module]
    }
    assert covered == required, (covered, required)
