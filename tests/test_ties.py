"""Tasks tied to a milestone (« jalon: »): a warning when a task's period no longer fits its
milestone."""

from __future__ import annotations

import shutil

import pytest
from conftest import CALENDAR, ROOT, build_at, problems_at

from handbook.build.pipeline import Options, build

# Période 1: 4 September to 20 October 2023; période 2: 6 November to 15 December 2023.
WINDOW = """\
  - id: debut-tests
    date: 13/11/2023
    titre: Début des tests
  - id: fin-tests
    date: 24/11/2023
    titre: Fin des tests
"""


def tied(tie: str, period_task: str = "        - Se connecter.\n", milestones: str = WINDOW) -> str:
    """The fixture calendar with the élèves' task of période 1 tied to `tie`."""
    calendar = CALENDAR.replace(
        period_task, f"        - texte: Passer les tests.\n          jalon: {tie}\n"
    )
    return calendar + milestones


def tie_problems(result) -> list[str]:
    return [
        str(problem) for problem in [*result.warnings, *result.notes] if problem.field == "jalon"
    ]


def test_a_task_outside_its_window_is_named_with_the_period_that_would_fit(project):
    result = build_at(project({"content/calendar.yaml": tied("[debut-tests, fin-tests]")}))
    assert tie_problems(result) == [
        "content/calendar.yaml, ligne 15, champ « jalon » : la tâche « Passer les tests. » "
        "(Élèves, période 1) est liée à la fenêtre « debut-tests » – « fin-tests » (du lundi 13 "
        "novembre au vendredi 24 novembre 2023), qui ne tombe pas dans la période 1 (du lundi 4 "
        "septembre au vendredi 20 octobre 2023) : déplacez-la en période 2, ou changez "
        "« jalon: » si elle n'en dépend plus"
    ]


def test_a_task_in_its_milestones_period_is_not_warned_about(project):
    in_window = tied(
        "[debut-tests, fin-tests]", "        - texte: Passer le test.\n          guide: second\n"
    )
    on_the_day = tied("fin-campagnes").replace("fin: 2023-10-20", "fin: 2023-10-27")
    for calendar in (in_window, on_the_day):
        assert (
            tie_problems(build_at(project({"content/calendar.yaml": calendar}), strict=True)) == []
        )


def test_a_single_milestone_must_fall_in_the_tasks_period(project):
    result = build_at(project({"content/calendar.yaml": tied("fin-tests")}))
    assert tie_problems(result) == [
        "content/calendar.yaml, ligne 15, champ « jalon » : la tâche « Passer les tests. » "
        "(Élèves, période 1) est liée au jalon « fin-tests » (Fin des tests, le vendredi 24 "
        "novembre 2023), qui ne tombe pas dans la période 1 (du lundi 4 septembre au vendredi 20 "
        "octobre 2023) : déplacez-la en période 2, ou changez « jalon: » si elle n'en dépend plus"
    ]


def test_a_window_in_no_period_names_the_nearest(project):
    result = build_at(
        project({"content/calendar.yaml": tied("fin-campagnes", "        - Faire le bilan.\n")})
    )
    # 27 October: a week after période 1, ten days before période 2
    assert (
        "aucune période ne tombe à ces dates ; la plus proche est la période 1, ou"
        in tie_problems(result)[0]
    )


def test_a_milestone_no_longer_in_the_calendar_is_a_warning_listing_those_there(project):
    result = build_at(project({"content/calendar.yaml": tied("fenetre-tests")}))
    assert tie_problems(result) == [
        "content/calendar.yaml, ligne 15, champ « jalon » : la tâche « Passer les tests. » "
        "(Élèves, période 1) est liée au jalon « fenetre-tests », qui n'est pas ou plus dans "
        "« jalons: » (les jalons : fin-campagnes, debut-tests, fin-tests) : corrigez « jalon: », "
        "ou retirez la tâche si elle n'a plus lieu d'être"
    ]


def test_a_window_not_yet_written_is_only_noted(project):
    result = build_at(
        project({"content/calendar.yaml": tied("[debut-examens, fin-examens]", milestones="")}),
        strict=True,
    )
    assert result.warnings == []
    assert tie_problems(result) == [
        "content/calendar.yaml, ligne 15, champ « jalon » : une tâche (ligne 15) est liée à la "
        "fenêtre « debut-examens » – « fin-examens », dont les jalons ne sont pas encore dans "
        "« jalons: » (dates pas encore publiées ?) : la construction vérifiera que ces tâches "
        "sont dans les bonnes périodes quand les deux jalons y seront"
    ]


@pytest.mark.parametrize("tie", ["3", "[a, b, c]", "Fin des tests", "{id: fin-tests}"])
def test_a_tie_that_is_not_one_or_two_ids_is_an_error(project, tie):
    problems = problems_at(project({"content/calendar.yaml": tied(tie)}))
    assert any(
        "ligne 16, champ « periodes › 1 › taches › eleves › 1 › jalon » : attendu : l'id d'un jalon"
        in p
        for p in problems
    ), problems


def test_moving_the_shipped_certification_window_warns_about_every_tied_task(tmp_path):
    """The issue's case: the window set to 1–19 March 2027 as the calendar's header says (the
    reminder replaced by two milestones); the certification tasks of périodes 6 and 7 and the
    reminder's task."""
    shutil.copytree(ROOT / "content", tmp_path / "content")
    calendar = tmp_path / "content/calendar.yaml"
    text = calendar.read_text(encoding="utf-8")
    reminder = text[text.index("  - id: fenetre-certification") :]
    calendar.write_text(
        text.replace(
            reminder,
            (
                "  - id: debut-certification\n    date: 01/03/2027\n    date_nationale: true\n"
                "    titre: Début de la certification collège\n"
                "  - id: fin-certification\n    date: 19/03/2027\n    date_nationale: true\n"
                "    titre: Fin de la certification collège\n"
            ),
        ),
        encoding="utf-8",
    )
    config = tmp_path / "site_config.yaml"
    config.write_text(
        (ROOT / "site_config.yaml")
        .read_text(encoding="utf-8")
        .replace(
            "dossier_gabarits: templates", f"dossier_gabarits: {(ROOT / 'templates').as_posix()}"
        ),
        encoding="utf-8",
    )
    warned = [
        problem.message
        for problem in build(Options(config, output=tmp_path / "site")).warnings
        if problem.field == "jalon"
    ]
    moved = [message for message in warned if "déplacez-la en période 5," in message]
    assert {message.split("»")[0] for message in moved} == {
        "la tâche « Créer les sessions de certification sur Pix Certif. ",
        "la tâche « Lancer les sessions de certification et prévoir des sessions de remplacement "
        "pour les absents. ",
        "la tâche « Participer à l'organisation de la session de certification. ",
        "la tâche « Passer la certification selon le planning. ",
        "la tâche « Lancer les sessions de remplacement pour les absents. ",
        "la tâche « Participer à l'organisation de la session de remplacement. ",
    }
    assert len(moved) == 7  # « Passer la certification » is in périodes 6 and 7
    assert [message for message in warned if message not in moved] == [
        "la tâche « Vérifier la publication de la fenêtre nationale de certification. » "
        "(Référent Pix, période 4) est liée au jalon « fenetre-certification », qui n'est pas ou "
        "plus dans « jalons: » (les jalons : dernier-jour-parcours-rentree, "
        "fin-campagnes-rentree, debut-certification, fin-certification) : corrigez « jalon: », "
        "ou retirez la tâche si elle n'a plus lieu d'être"
    ]


def test_the_shipped_calendar_ties_its_certification_tasks(real_site):
    tied_tasks = {
        (task.period_number, task.text): task.milestone_ids
        for period in real_site.handbook.periods
        for tasks in period.tasks.values()
        for task in tasks
        if task.milestone_ids
    }
    assert tied_tasks[(4, "Vérifier la publication de la fenêtre nationale de certification.")] == (
        "fenetre-certification",
    )
    assert tied_tasks[(6, "Créer les sessions de certification sur Pix Certif.")] == (
        "debut-certification",
        "fin-certification",
    )
    assert tied_tasks[(7, "Passer la certification selon le planning.")] == (
        "debut-certification",
        "fin-certification",
    )
