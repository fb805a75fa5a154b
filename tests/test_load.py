from pathlib import Path

from handbook.load import LocatedDict, LocatedList, SourceFile, parse_yaml, split_front_matter
from handbook.problems import Report


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


def test_split_front_matter():
    front, body, line = split_front_matter(source("---\ntitre: T\n---\n\nCorps\n"))
    assert front == "titre: T" and body == "\nCorps\n" and line == 4
    assert split_front_matter(source("Corps"))[0] is None


def test_impossible_yaml_date_is_left_as_text_for_validation():
    data = parse_yaml(source("d: 2023-02-30\n"), Report())
    assert data["d"] == "2023-02-30"
