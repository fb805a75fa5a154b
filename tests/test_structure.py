"""The shape of the code the issue asked for, checked so that it stays: the checks judge values
without touching files, processes or caches; no function grows past 40 lines."""

from __future__ import annotations

import ast
import io
import subprocess
import sys
import tokenize
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "handbook"
FORBIDDEN_IMPORTS = {
    "os",
    "pathlib",
    "shutil",
    "glob",
    "io",
    "multiprocessing",
    "concurrent",
    "threading",
    "subprocess",
    "pickle",
    "marshal",
    "functools",
    "handbook.build.cache",
    "handbook.build.bodies",
    "handbook.build.write",
    "handbook.build.freshness",
}
FILE_CALLS = {
    "open",
    "read_text",
    "read_bytes",
    "write_text",
    "write_bytes",
    "stat",
    "exists",
    "is_file",
    "is_dir",
    "iterdir",
    "glob",
    "rglob",
    "walk",
    "listdir",
    "scandir",
    "read_yaml",
    "load_yaml",
    "load_content",
    "load_guide",
    "read_text",
    "lru_cache",
    "cache",
}


def imported_modules(tree: ast.Module) -> set[str]:
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = ("handbook." if node.level else "") + (node.module or "")
            names |= {base.rstrip(".")} | {
                f"{base}.{alias.name}".replace("..", ".") for alias in node.names
            }
    return names


def called_names(tree: ast.Module) -> set[str]:
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            function = node.func
            names.add(
                function.attr
                if isinstance(function, ast.Attribute)
                else getattr(function, "id", "")
            )
    return names


CHECKS = sorted((PACKAGE / "check").glob("*.py"))


def test_every_job_of_the_checks_has_its_module():
    assert {path.name for path in CHECKS} >= {
        "rules.py",
        "config.py",
        "calendar.py",
        "tasks.py",
        "guide.py",
        "competences.py",
        "links.py",
        "references.py",
        "assemble.py",
    }


@pytest.mark.parametrize("path", CHECKS, ids=lambda path: path.name)
def test_checks_read_no_file_and_run_no_pool_nor_cache(path):
    """Checks take values in and give the model and problems out: no module of handbook/check/
    reads a file or the environment, starts a process, or keeps a cache (serve's memo of what was
    found valid is the build's: handbook/build/checked.py)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    imports = imported_modules(tree)
    assert not {
        name
        for name in imports
        if name.split(".")[0] in FORBIDDEN_IMPORTS
        or name in FORBIDDEN_IMPORTS
        or name.startswith("handbook.build")
    }
    assert not called_names(tree) & FILE_CALLS


def test_the_structure_check_sees_a_file_read():
    tree = ast.parse(
        "from handbook.build import cache\nimport os\n\ndef f(p):\n    return p.read_text()\n"
    )
    assert "handbook.build.cache" in imported_modules(tree) and "read_text" in called_names(tree)


def logical_line_ends(source: str) -> list[int]:
    """The line where each statement ends: a call the formatter splits over five lines is one
    line."""
    tokens = tokenize.generate_tokens(io.StringIO(source).readline)
    return [token.start[0] for token in tokens if token.type == tokenize.NEWLINE]


def test_no_function_is_over_40_lines():
    long = []
    for path in sorted(PACKAGE.rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        ends = logical_line_ends(source)
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                size = sum(node.lineno <= end <= node.end_lineno for end in ends)
                if size > 40:
                    long.append(f"{path.relative_to(PACKAGE)}:{node.lineno} {node.name} ({size})")
    assert not long


def test_a_statement_split_over_lines_counts_once():
    assert len(logical_line_ends("f(\n    1,\n    2,\n)\nx = 1\n")) == 2


def test_the_code_is_formatted_and_linted():
    """ruff, configured in pyproject.toml: the formatter's layout and the linter's rules, lines
    of at most 100 characters included."""
    ruff = [sys.executable, "-m", "ruff"]
    lint = subprocess.run(
        [*ruff, "check", "--output-format", "concise", "."],
        cwd=PACKAGE.parent,
        capture_output=True,
        text=True,
    )
    layout = subprocess.run(
        [*ruff, "format", "--check", "."], cwd=PACKAGE.parent, capture_output=True, text=True
    )
    assert lint.returncode == 0, lint.stdout
    assert layout.returncode == 0, layout.stdout


# --- the import direction between the stages --------------------------------------------------

# Each stage may import the stages below it, never one above it nor one beside it: the model at
# the bottom (it imports no YAML library either), the addresses (urls.py), then reading, merging a
# school's layers over its bases', checking, the site, the build, and on top the commands that run
# the build (the year, serve, a new school, the command line).
LAYERS = {
    "problems": 0,
    "dates": 0,
    "model": 1,
    "urls": 2,
    "read": 3,
    "merge": 4,
    "check": 5,
    "site": 6,
    "build": 7,
    "year": 8,
    "serve": 8,
    "newschool": 9,
    "cli": 10,
}
# The backward imports the code still has, each with its reason: the test fails on any other, and
# on one of these that is gone (so that the list only shrinks).
KNOWN_BACKWARD = {
    ("site/render.py", "build"): "render.py takes the code's version and the worker pool",
    ("build/pipeline.py", "year"): "a build refuses to run while a change of year is half "
    "done: it reads the journal of year/sources.py",
}


def stage_of(module: str) -> str | None:
    """The stage of a module of the package (handbook.read.load → read), None for another."""
    parts = module.split(".")
    return parts[1] if parts[0] == "handbook" and len(parts) > 1 else None


def backward_imports(path: Path, tree: ast.Module) -> set[tuple[str, str]]:
    """(file, stage) for each stage that the file imports and that is not below its own."""
    importer = stage_of("handbook." + ".".join(path.relative_to(PACKAGE).with_suffix("").parts))
    if importer not in LAYERS:  # the package's __init__.py
        return set()
    found = set()
    for module in imported_modules(tree):
        stage = stage_of(module)
        if stage in LAYERS and stage != importer and LAYERS[stage] >= LAYERS[importer]:
            found.add((path.relative_to(PACKAGE).as_posix(), stage))
    return found


def test_each_stage_imports_only_the_stages_below_it():
    found = set()
    for path in sorted(PACKAGE.rglob("*.py")):
        found |= backward_imports(path, ast.parse(path.read_text(encoding="utf-8")))
    assert found - set(KNOWN_BACKWARD) == set(), "an import against the stages' order"
    assert set(KNOWN_BACKWARD) - found == set(), "gone: remove it from KNOWN_BACKWARD"


def test_the_model_imports_no_stage_and_no_yaml():
    tree = ast.parse((PACKAGE / "model.py").read_text(encoding="utf-8"))
    imports = imported_modules(tree)
    assert {stage_of(name) for name in imports} <= {None, "dates", "problems"}
    assert not {name for name in imports if name.split(".")[0] in ("yaml", "ruamel")}


def test_the_stage_check_sees_an_import_from_above():
    tree = ast.parse("def f():\n    from handbook.build.pipeline import build\n")
    assert backward_imports(PACKAGE / "site" / "feeds.py", tree) == {("site/feeds.py", "build")}
    tree = ast.parse("from handbook import dates\nfrom handbook.model import Role\n")
    assert backward_imports(PACKAGE / "site" / "feeds.py", tree) == set()
    assert backward_imports(PACKAGE / "dates.py", tree) == {("dates.py", "model")}


def test_importing_the_model_loads_no_other_stage_and_no_yaml():
    loaded = subprocess.run(
        [sys.executable, "-c", "import sys, handbook.model; print(' '.join(sys.modules))"],
        cwd=PACKAGE.parent,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert "yaml" not in loaded
    assert {stage_of(name) for name in loaded} <= {None, "model", "dates"}


# --- no module over 400 lines, so that each stays one job a reader can hold in mind ---------

MOST_LINES = 400


def module_lines() -> dict[str, int]:
    return {
        path.relative_to(PACKAGE).as_posix(): len(path.read_text(encoding="utf-8").splitlines())
        for path in sorted(PACKAGE.rglob("*.py"))
    }


def test_no_module_is_over_400_lines():
    lines = module_lines()
    too_long = {name: count for name, count in lines.items() if count > MOST_LINES}
    assert not too_long
