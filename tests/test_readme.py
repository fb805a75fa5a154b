"""Every command that the README and the program's own messages tell a user to type works as
written, in a fresh copy of the project after the README's set-up command (make site, which makes
.venv/ from PyPI once per session, with pip's own cache).

The commands are read from the README itself: each line of its ```sh blocks, with the alternatives
its comments give (« ou : make check »), and each code span that is a command; a ```yaml block whose
first line names a file (« # content/vacances.yaml ») is the file the README tells the user to write
at that point. The program's messages are read from its output: the examples of --help, the header
of site_config.yaml, the last line of nouvelle-annee, the commands nouvel-etablissement prints, the
busy-port hint of serve. A command that never ends (serve) is started, must answer on its address,
and is stopped; the port it is given is replaced by a free one (the port is the machine's, not the
command's). make test, make bench and make golden are the developers' (docs/developpeurs.md): the
first is this very suite.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import ROOT

README = ROOT / "README.md"
DEVELOPERS_ONLY = ("make test", "make bench", "make golden")
COMMAND_START = re.compile(r"^(python3 |\./build\.py|make |\.venv/bin/python )")
PLACEHOLDER = re.compile(
    r"\b[A-Z]{4,}\b|…|AAAA"
)  # DOSSIER, FICHIER, AAAA-AAAA: a form to fill, not a command


@dataclass
class Step:
    command: str | None = None
    alternatives: tuple[str, ...] = ()
    file: tuple[str, str] | None = None  # (path, text) the README tells the user to write


def readme_steps(text: str) -> list[Step]:
    """The README's commands and files to write, in the order a reader meets them."""
    steps = []
    for kind, body in re.findall(r"^```(\w*)\n(.*?)^```", text, re.DOTALL | re.MULTILINE):
        if kind == "yaml" and (named := re.match(r"# (content/\S+\.yaml)", body)):
            steps.append(Step(file=(named.group(1), body)))
        elif kind == "sh":
            for line in body.splitlines():
                command, _, comment = line.partition("  #")
                alternatives = tuple(
                    alternative.strip() for alternative in re.findall(r"ou : ([^;]+)", comment)
                )
                if command.strip():
                    steps.append(Step(command.strip(), alternatives))
    return steps


def readme_spans(text: str) -> list[str]:
    """The commands written in the README's text (`python3 build.py check`), outside code blocks."""
    prose = re.sub(r"^```.*?^```", "", text, flags=re.DOTALL | re.MULTILINE)
    return [
        span
        for span in dict.fromkeys(re.findall(r"`([^`\n]+)`", prose))
        if COMMAND_START.match(span) and not PLACEHOLDER.search(span)
    ]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def never_ends(command: str) -> bool:
    return re.search(r"(^|\s)serve(\s|$)", command) is not None


def with_free_port(command: str) -> tuple[str, int]:
    port = free_port()
    if "--port" in command:
        return re.sub(r"--port \d+", f"--port {port}", command), port
    if command.startswith("make serve"):
        return re.sub(r"\s*PORT=\d+", "", command) + f" PORT={port}", port
    return f"{command} --port {port}", port


def environment() -> dict[str, str]:
    return {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}


def run(command: str, folder: Path) -> subprocess.CompletedProcess:
    """The command typed in a shell in the folder; a server is started, asked for its home page,
    stopped."""
    if not never_ends(command):
        return subprocess.run(
            ["bash", "-c", command],
            cwd=folder,
            env=environment(),
            capture_output=True,
            text=True,
            timeout=600,
        )
    typed, port = with_free_port(command)
    server = subprocess.Popen(
        ["bash", "-c", typed],
        cwd=folder,
        env=environment(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    answered = False
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and server.poll() is None and not answered:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as response:
                    answered = response.status == 200 and b"<html" in response.read()
            except OSError:
                time.sleep(0.3)
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)
        output = server.communicate(timeout=30)[0]
    return subprocess.CompletedProcess(typed, 0 if answered else 1, output, "")


def works(command: str, folder: Path) -> subprocess.CompletedProcess:
    result = run(command, folder)
    said = result.stdout + result.stderr
    assert result.returncode == 0 and "Traceback" not in said, (
        f"« {command} » dans {folder} :\n{said[-3000:]}"
    )
    return result


def project_files() -> list[str]:
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return [name for name in listed.split("\0") if name and (ROOT / name).is_file()]


def fresh_copy(folder: Path) -> Path:
    """The project as a user gets it: its files, no environment, nothing built."""
    for name in project_files():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, folder / name)
    return folder


def scratch_copy(project: Path, folder: Path) -> Path:
    """The project and the folders beside it (another school's) in their current state, the project
    sharing its .venv/: for a command that must not change them. The project's copy is returned."""
    shutil.copytree(
        project.parent, folder, symlinks=True, ignore=shutil.ignore_patterns(".venv", ".cache")
    )
    (folder / project.name / ".venv").symlink_to(project / ".venv")
    return folder / project.name


def pristine_copy(installed: Path, folder: Path) -> Path:
    """A fresh copy of the project that shares the installed one's .venv/."""
    project = fresh_copy(folder)
    (project / ".venv").symlink_to(installed / ".venv")
    return project


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """A fresh copy after the README's set-up command (make site): .venv/ made once for the whole
    module."""
    project = fresh_copy(tmp_path_factory.mktemp("utilisateur") / "guide-pix")
    assert "make site" in README.read_text(encoding="utf-8")
    works("make site", project)
    assert (project / "output/index.html").is_file()
    return project


def test_the_readme_reads_its_commands_and_files():
    """The extraction finds what a reader sees, so that a command added to the README is tested."""
    text = README.read_text(encoding="utf-8")
    steps = readme_steps(text)
    commands = [step.command for step in steps if step.command]
    for expected in (
        "make serve",
        "python3 build.py check",
        "python3 build.py nouvelle-annee 2027-2028",
        "python3 build.py nouvel-etablissement ../autre-college",
    ):
        assert any(command.startswith(expected) for command in commands), commands
    assert any("make check" in step.alternatives for step in steps)
    assert [step.file[0] for step in steps if step.file] == ["content/vacances.yaml"]
    assert "python3 build.py check" in readme_spans(text)


def test_every_command_of_the_readme_works_as_written(installed, tmp_path):
    text = README.read_text(encoding="utf-8")
    done = []
    for number, step in enumerate(readme_steps(text)):
        if step.file:
            (installed / step.file[0]).write_text(step.file[1], encoding="utf-8")
            continue
        if step.command.startswith(DEVELOPERS_ONLY):
            continue
        for other, alternative in enumerate(
            step.alternatives
        ):  # on the project as it is before the command
            works(alternative, scratch_copy(installed, tmp_path / f"avant-{number}-{other}"))
        works(step.command, installed)
        done.append(step.command)
    for span in readme_spans(text):
        if not span.startswith((*DEVELOPERS_ONLY, "python3 build.py nouvelle-annee")):
            works(span, installed)
    assert len(done) >= 10, done
    assert "annee_scolaire: 2027-2028" in (installed / "site_config.yaml").read_text(
        encoding="utf-8"
    )
    assert (installed.parent / "site-autre-college/index.html").is_file()


def test_every_command_the_program_prints_works_as_written(installed, tmp_path):
    project = pristine_copy(installed, tmp_path / "messages" / "guide-pix")
    help_text = works("python3 build.py --help", project).stdout
    examples = re.findall(r"^  (python3 build\.py.*)$", help_text, re.MULTILINE)
    header = (project / "site_config.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert examples and "python3 build.py" in header
    from_header = re.findall(r"(python3 build\.py|make site)", header)
    (project / "content/vacances.yaml").write_text(vacances_example(), encoding="utf-8")
    for command in examples + from_header:
        works(command, project)
    prepared = works("python3 build.py nouvelle-annee 2027-2028", project).stdout.splitlines()[-1]
    [then] = re.findall(r"construisez le site : (python3 build\.py)$", prepared)
    works(then, project)
    created = works("python3 build.py nouvel-etablissement ../lycee", project).stdout
    printed = re.findall(r"^  (python3 \S+ .*?)(?:   \(.*)?$", created, re.MULTILINE)
    assert len(printed) == 2, created
    for command in printed:
        works(command, project)


def test_the_busy_port_hint_works_as_written(installed):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        refused = subprocess.run(
            ["bash", "-c", f"python3 build.py serve --port {port}"],
            cwd=installed,
            env=environment(),
            capture_output=True,
            text=True,
            timeout=120,
        )
    hint = re.search(
        r"essayez par exemple : (python3 build\.py serve --port \d+) \(ou (make serve PORT=\d+)\)",
        refused.stderr,
    )
    assert refused.returncode == 1 and hint and "Traceback" not in refused.stderr, refused.stderr
    for command in hint.groups():
        works(command, installed)


def test_without_the_environment_build_py_says_in_french_what_to_run(tmp_path):
    bare = fresh_copy(tmp_path / "sans-environnement")
    python = shutil.which("python3", path="/usr/bin")
    result = subprocess.run(
        [python, "build.py", "check"], cwd=bare, capture_output=True, text=True, timeout=60
    )
    if "paquets du guide" not in result.stderr:
        pytest.skip("le python3 du système a déjà tous les paquets du guide")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert (
        "les paquets du guide ne sont pas installés" in result.stderr
        and "make site" in result.stderr
    )
    # the référent is not a developer: no module names (markdown_it, segno…)
    assert not [
        name for name in ("markdown_it", "segno", "icalendar", "_") if name in result.stderr
    ], result.stderr


def test_no_message_nor_document_says_bare_python():
    """« python build.py » fails on a stock Debian or Ubuntu (no « python » there): nothing a user
    reads says it."""
    read = [
        README,
        ROOT / "site_config.yaml",
        ROOT / "content/calendar.yaml",
        ROOT / "templates/static/site.js",
        *sorted((ROOT / "templates").glob("*.html")),
        *sorted((ROOT / "handbook").glob("*.py")),
        *sorted((ROOT / "handbook/data").rglob("*.*")),
    ]
    said = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in read
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if re.search(r"(?<![\w/.\\])python (build\.py|-m pip)", line)
        and not line.lstrip().startswith('"""')
    ]
    assert not said, said


def vacances_example() -> str:
    [step] = [step for step in readme_steps(README.read_text(encoding="utf-8")) if step.file]
    return step.file[1]


def test_the_readme_is_the_referents_guide_with_this_years_examples():
    """Developers' matters and measurements live in their own documents, linked from the README; its
    examples are the shipped year's (2026-2027) and the next (2027-2028), and its screenshot is of
    the shipped year. The académie's worked example (tests/fixtures/academie, and the copy the
    README makes of it) has its own year."""
    text = README.read_text(encoding="utf-8")
    for document in ("docs/developpeurs.md", "docs/mesures.md"):
        assert f"]({document})" in text and (ROOT / document).is_file()
    assert "## Mesures" not in text and "## Pour les développeurs" not in text
    assert "plancher-2" not in text and "| module | rôle |" not in text
    assert "2026-2027" in re.search(r"!\[([^\]]*)\]\(docs/accueil\.png\)", text).group(1)
    commands = " ".join(
        f"{step.command} {' '.join(step.alternatives)}"
        for step in readme_steps(text)
        if step.command and not re.search(r"tests/fixtures/academie|academie-essai", step.command)
    )
    years = set(re.findall(r"(?:nouvelle-annee |ANNEE=)(\d{4}-\d{4})", commands))
    assert years == {"2027-2028"}, years


def test_without_venv_support_make_site_says_in_french_what_to_install(tmp_path):
    """On a stock Debian or Ubuntu, « python3 -m venv » fails (python3-venv is not installed) with
    an English message about ensurepip: make says in French which package to install, and leaves no
    half-made .venv/."""
    project = fresh_copy(tmp_path / "sans-venv")
    fake = tmp_path / "python3-sans-venv"
    fake.write_text(
        '#!/bin/sh\nmkdir -p "$3/bin"\necho \'The virtual environment was not created successfully '
        "because ensurepip is not available.' >&2\nexit 1\n",
        encoding="utf-8",
    )
    fake.chmod(0o755)
    result = subprocess.run(
        ["make", "site", f"PYTHON={fake}"], cwd=project, capture_output=True, text=True, timeout=60
    )
    assert result.returncode != 0
    assert "sudo apt install python3-venv" in result.stderr, result.stderr
    assert not (project / ".venv").exists()
    readme = README.read_text(encoding="utf-8")
    assert "sudo apt install make python3-venv" in readme
