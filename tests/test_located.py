"""Safe YAML parsing (handbook/read/located.py): values that remember their lines, hostile files
refused with their line, and syntax errors explained in French (yamladvice.py)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import CALENDAR, ROOT

from handbook.problems import Report
from handbook.read.files import SourceFile
from handbook.read.located import LocatedDict, LocatedList, parse_yaml


def source(text: str) -> SourceFile:
    return SourceFile(Path("x.yaml"), "x.yaml", text)


def test_values_remember_their_lines():
    report = Report()
    data = parse_yaml(source("a: 1\nliste:\n  - un\n  - deux: 2\n"), report)
    assert isinstance(data, LocatedDict) and data.line_of("liste") == 2
    assert isinstance(data["liste"], LocatedList) and data["liste"].item_lines == [3, 4]
    assert data["liste"][1].line_of("deux") == 4
    assert not report.errors


def test_syntax_error_names_the_line():
    report = Report()
    assert parse_yaml(source("a: 1\nb: [ouvert\nc: 2\n"), report) is None
    assert report.errors[0].file == "x.yaml" and report.errors[0].line is not None


def test_duplicate_key_is_an_error_with_both_lines():
    report = Report()
    parse_yaml(source("a: 1\nb: 2\na: 3\n"), report)
    assert "déjà ligne 1" in report.errors[0].message and report.errors[0].line == 3


def test_front_matter_lines_are_shifted():
    report = Report()
    parse_yaml(source("titre: x\nbad: [\n"), report, first_line=2)
    assert report.errors[0].line >= 3


def test_impossible_yaml_date_is_left_as_text_for_validation():
    data = parse_yaml(source("d: 2023-02-30\n"), Report())
    assert data["d"] == "2023-02-30"


ALIAS_BOMB = """\
a: &a ["pix", "pix", "pix", "pix", "pix", "pix", "pix", "pix", "pix"]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]
h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]
i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h]
"""


def test_an_alias_bomb_is_refused_with_its_line():
    report = Report()
    assert parse_yaml(source(ALIAS_BOMB), report) is None
    [problem] = report.errors
    assert problem.file == "x.yaml" and problem.line == 6, problem
    assert "alias" in problem.message and "*nom" in problem.message


def test_a_few_aliases_are_still_accepted():
    report = Report()
    data = parse_yaml(source("a: &liste [un, deux]\nb: *liste\nc: *liste\n"), report)
    assert not report.errors and data["c"] == ["un", "deux"]


def test_an_alias_inside_itself_is_refused():
    report = Report()
    assert parse_yaml(source("a: &boucle [1, *boucle]\n"), report) is None
    assert report.errors[0].line == 1 and "alias" in report.errors[0].message


@pytest.mark.parametrize(
    "text, line",
    [
        ("liste: " + "[" * 5000 + "]" * 5000 + "\n", 1),
        (
            "".join(" " * depth + f"n{depth}:\n" for depth in range(3000))
            + " " * 3000
            + "fin: 1\n",
            65,
        ),
        ("a: 1\nb: " + "[" * 200_000 + "\n", 2),
        (
            "\n".join(
                f"n{depth}: &n{depth} [*n{depth - 1}]" if depth else "n0: &n0 [fin]"
                for depth in range(3000)
            )
            + "\n",
            65,
        ),
    ],
    ids=["crochets", "retraits", "200000-crochets", "alias"],
)
def test_deep_nesting_is_refused_with_its_line(text, line):
    report = Report()
    assert parse_yaml(source(text), report) is None
    [problem] = report.errors
    assert problem.line == line and "imbriqu" in problem.message, problem


BOUNDED = """\
import resource, sys
resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))
sys.argv[1:] = {argv!r}
from handbook.cli import main
sys.exit(main())
"""


def run_capped(root: Path, *argv: str) -> subprocess.CompletedProcess:
    """The real command line, in a process whose memory is capped at 1 GB."""
    return subprocess.run(
        [
            sys.executable,
            "-c",
            BOUNDED.format(argv=["--config", str(root / "site_config.yaml"), *argv]),
        ],
        cwd=root,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    "where", ["content/calendar.yaml", "site_config.yaml", "content/guides/premier.md"]
)
def test_an_alias_bomb_fails_at_once_with_bounded_memory(project, where):
    bomb = "---\n" + ALIAS_BOMB + "---\n" if where.endswith(".md") else ALIAS_BOMB
    root = project({where: bomb})
    run = run_capped(root)
    assert (
        run.returncode == 1 and "Traceback" not in run.stderr and "MemoryError" not in run.stderr
    ), run.stderr
    assert f"ERREUR  {where}, ligne" in run.stderr and "alias" in run.stderr


@pytest.mark.parametrize(
    "nesting",
    [
        "[" * 5000 + "]" * 5000,
        "{a: " * 5000 + "}" * 5000,
        "[" * 200_000,
        "\n" + "".join(" " * (depth + 1) + f"n{depth}:\n" for depth in range(3000)),
    ],
    ids=["crochets", "accolades", "200000-crochets", "retraits"],
)
def test_deep_nesting_gives_an_error_and_no_crash(project, nesting):
    root = project({"content/calendar.yaml": CALENDAR + "jalons_bis: " + nesting + "\n"})
    run = run_capped(root)
    assert run.returncode == 1 and "Traceback" not in run.stderr, (
        run.returncode,
        run.stderr[-2000:],
    )
    assert "ERREUR  content/calendar.yaml, ligne" in run.stderr and "imbriqu" in run.stderr


@pytest.mark.parametrize(
    "text, line, advice",
    [
        ("roles:\n\t- id: referent\n", 2, "tabulation"),
        ("roles:\n  - id: referent\n  \tnom: Référent\n", 3, "tabulation"),
        ("titre: Absences: prévenir\n", 1, "mettez la phrase entre guillemets"),
        ("guide: [premier, second\nfin: 1\n", 2, "crochet"),
        ('titre: "Informer les familles\nfin: 1\n', 1, "guillemet"),
        ("roles:\n  - id: referent\n   nom: Référent\n", 3, "retrait"),
        ("titre: *important* ce jour\n", 1, "guillemets"),
        ('titre: "C:\\dossier"\n', 1, "guillemets simples"),
        ("titre: @eleves\n", 1, "guillemets"),
        ("titre: Pix\x00\n", 1, "caractère invisible"),
        (
            'taches:\n  - texte: "En 4e : faire le parcours Pix IA.\n    guide: pix-ia\n'
            "  - Une tâche.\n"
            '  - texte: "Pix IA : repérer les 4e."\n',
            2,
            "guillemet ouvert sur cette ligne n'est pas refermé",
        ),
        # « -Réaliser » (no space after the dash) is a text that runs on into the next line: the
        # fault is this line's
        (
            'eleves:\n  -Réaliser d\'autres campagnes.\n  - texte: "En 4e : le parcours."\n',
            2,
            "après le tiret « - » d'un élément de liste",
        ),
    ],
    ids=[
        "tabulation",
        "tabulation-dans-un-retrait",
        "deux-points",
        "crochet",
        "guillemet",
        "retrait",
        "etoile",
        "barre-oblique",
        "arobase",
        "octet-nul",
        "guillemet-refermé-plus-loin",
        "tiret-sans-espace",
    ],
)
def test_syntax_errors_are_explained_in_french_with_their_line(text, line, advice):
    report = Report()
    assert parse_yaml(source(text), report) is None
    [problem] = report.errors
    assert problem.line == line and advice in problem.message, problem
    for jargon in ("while ", "found", "expected", "scanning", "mapping values", "token", "#x"):
        assert jargon not in problem.message, problem


def test_a_bracket_left_open_in_front_matter_names_its_own_line():
    report = Report()
    assert (
        parse_yaml(source("titre: [Premier\nresume: Pour commencer.\n"), report, first_line=2)
        is None
    )
    [problem] = report.errors
    assert "le crochet « [ » ouvert ligne 2 n'est pas refermé" in problem.message, problem
