"""A second school starting from nothing: nouvel-etablissement, and errors that name what the user
can open."""

import re
import shlex
import subprocess
import sys

from conftest import ROOT

BUILD = str(ROOT / "build.py")


def run(*args, cwd):
    return subprocess.run(
        [sys.executable, BUILD, *args], cwd=cwd, capture_output=True, text=True, timeout=120
    )


def run_script(script, *args, cwd):
    return subprocess.run(
        [sys.executable, script, *args], cwd=cwd, capture_output=True, text=True, timeout=120
    )


def test_a_new_school_builds_in_strict_at_once_with_the_commands_it_prints(tmp_path):
    created = run("nouvel-etablissement", "lycee", cwd=tmp_path)
    assert created.returncode == 0, created.stderr
    for name in ("site_config.yaml", "content/calendar.yaml", "content/guides/premiers-pas.md"):
        assert f"  lycee/{name}" in created.stdout and (tmp_path / "lycee" / name).is_file()
    commands = re.findall(r"^  (python3 \S+ .*?)(?:   \(.*)?$", created.stdout, re.MULTILINE)
    assert len(commands) == 2 and "check --strict" in commands[0], created.stdout
    for command in commands:
        result = subprocess.run(
            shlex.split(command.replace("python3", sys.executable, 1)),
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0 and "ATTENTION" not in result.stderr, (command, result.stderr)
        assert "Traceback" not in result.stderr
    assert (tmp_path / "lycee/output/guides/premiers-pas.html").is_file()
    assert (tmp_path / "lycee/output/periode-1.html").is_file()


def test_a_folder_that_is_not_empty_is_left_alone(tmp_path):
    (tmp_path / "lycee").mkdir()
    (tmp_path / "lycee/notes.txt").write_text("à garder")
    result = run("nouvel-etablissement", "lycee", cwd=tmp_path)
    assert result.returncode == 1 and "existe déjà et n'est pas vide" in result.stderr
    assert [path.name for path in (tmp_path / "lycee").iterdir()] == ["notes.txt"]


def test_errors_name_files_from_the_current_folder(tmp_path):
    run("nouvel-etablissement", "lycee", cwd=tmp_path)
    calendar = tmp_path / "lycee/content/calendar.yaml"
    calendar.write_text(
        calendar.read_text(encoding="utf-8").replace("fin: 16/10/", "fin: 36/10/"), encoding="utf-8"
    )
    result = run("check", "--config", "lycee/site_config.yaml", cwd=tmp_path)
    assert (
        result.returncode == 1
        and "ERREUR  lycee/content/calendar.yaml, ligne 17, champ" in result.stderr
    ), result.stderr


def test_a_missing_calendar_says_what_it_holds_and_how_to_start(tmp_path):
    (tmp_path / "ecole/content").mkdir(parents=True)
    (tmp_path / "ecole/site_config.yaml").write_text(
        "titre: Guide\netablissement: École\nannee_scolaire: 2026-2027\n"
    )
    result = run("check", "--config", "ecole/site_config.yaml", cwd=tmp_path)
    assert (
        "ERREUR  ecole/content/calendar.yaml : fichier introuvable ; il donne les rôles"
        in result.stderr
    )
    [script] = re.findall(r"python3 (\S+) nouvel-etablissement DOSSIER", result.stderr)
    assert (
        run_script(script, "nouvel-etablissement", "college", cwd=tmp_path).returncode == 0
    )  # works as printed
    assert (tmp_path / "college/content/calendar.yaml").is_file()


def test_the_shipped_configuration_copied_elsewhere_says_to_remove_its_templates_line(tmp_path):
    run("nouvel-etablissement", "lycee", cwd=tmp_path)
    (tmp_path / "lycee/site_config.yaml").write_text(
        (ROOT / "site_config.yaml").read_text(encoding="utf-8")
    )
    result = run("check", "--config", "lycee/site_config.yaml", cwd=tmp_path)
    assert result.returncode == 1
    assert re.search(
        r"ERREUR  lycee/site_config.yaml, ligne \d+, champ « dossier_gabarits » : .* retirez cette "
        "ligne",
        result.stderr,
    ), result.stderr


def test_an_option_the_file_does_not_have_is_not_placed_at_its_line_1(tmp_path):
    (tmp_path / "ecole").mkdir()
    (tmp_path / "ecole/site_config.yaml").write_text(
        "titre: Guide\netablissement: École\nannee_scolaire: 2026-2027\n"
    )
    result = run("check", "--config", "ecole/site_config.yaml", cwd=tmp_path)
    assert "ERREUR  ecole/site_config.yaml : le dossier de contenu " in result.stderr, result.stderr
    assert "ligne 1" not in result.stderr


def test_errors_about_output_name_the_option_not_the_file(tmp_path):
    run("nouvel-etablissement", "lycee", cwd=tmp_path)
    inside = run(
        "--config", "lycee/site_config.yaml", "--output", "lycee/content/site", cwd=tmp_path
    )
    assert (
        inside.returncode == 1
        and "ERREUR  option --output : le dossier de sortie " in inside.stderr
    )
    (tmp_path / "autre").mkdir()
    (tmp_path / "autre/photo.jpg").write_bytes(b"x")
    foreign = run("--config", "lycee/site_config.yaml", "--output", "autre", cwd=tmp_path)
    assert foreign.returncode == 1 and "ERREUR  option --output : le dossier " in foreign.stderr, (
        foreign.stderr
    )
    for result in (inside, foreign):
        assert "site_config.yaml" not in result.stderr, result.stderr


def test_a_command_typed_outside_the_guide_says_where_to_type_it(tmp_path):
    result = run("check", cwd=tmp_path)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert (
        "ERREUR  site_config.yaml : fichier introuvable dans ce dossier : lancez la commande "
        "depuis le dossier du guide, ou indiquez la configuration avec --config"
    ) in result.stderr, result.stderr
