"""build/checked.py: serve's memo of the checks takes what the previous build found valid, for the
very same files and settings, and checks again everything else."""

from __future__ import annotations

import dataclasses

from check_values import body_of, config, guide_file, yaml_file
from test_check_assemble import CALENDAR, content

from handbook.build import checked
from handbook.problems import Report


def bodies(read) -> dict:
    return {file.display: body_of(file) for file in read.guides}


def counting(monkeypatch) -> dict[str, int]:
    calls = {"calendar_of": 0, "parsed_guide": 0}
    for name in calls:
        real = getattr(checked, name)

        def counted(*args, name=name, real=real):
            calls[name] += 1
            return real(*args)

        monkeypatch.setattr(checked, name, counted)
    return calls


def test_unchanged_files_are_not_checked_again_and_give_the_same_model(monkeypatch):
    read, memo = content(), checked.Checked()
    first = checked.validate(config(), read, bodies(read), None, Report(), memo)
    calls = counting(monkeypatch)
    again = checked.validate(config(), read, bodies(read), None, Report(), memo)
    assert again == first and calls == {"calendar_of": 0, "parsed_guide": 0}


def test_a_changed_file_or_setting_is_checked_again(monkeypatch):
    read, memo = content(), checked.Checked()
    checked.validate(config(), read, bodies(read), None, Report(), memo)
    calls = counting(monkeypatch)
    edited = dataclasses.replace(
        read, guides=(guide_file("aide", "---\ntitre: Aide\n---\n"), *read.guides[1:])
    )
    checked.validate(config(), edited, bodies(edited), None, Report(), memo)
    assert calls == {"calendar_of": 0, "parsed_guide": 1}
    checked.validate(config(title="Autre"), edited, bodies(edited), None, Report(), memo)
    assert calls == {"calendar_of": 1, "parsed_guide": 1}


def test_new_roles_check_every_guide_again(monkeypatch):
    read, memo = content(), checked.Checked()
    checked.validate(config(), read, bodies(read), None, Report(), memo)
    calls = counting(monkeypatch)
    renamed = CALENDAR.replace("Référent Pix", "Référent numérique")
    read = dataclasses.replace(read, calendar=yaml_file(renamed))
    checked.validate(config(), read, bodies(read), None, Report(), memo)
    assert calls == {"calendar_of": 1, "parsed_guide": 3}


def test_what_had_errors_is_checked_again(monkeypatch):
    broken = CALENDAR.replace("numero: 1", "numero: zéro")
    read, memo = content(broken), checked.Checked()
    first = Report()
    assert checked.validate(config(), read, bodies(read), None, first, memo) is None
    calls = counting(monkeypatch)
    again = Report()
    checked.validate(config(), read, bodies(read), None, again, memo)
    assert calls["calendar_of"] == 1 and again.errors == first.errors
