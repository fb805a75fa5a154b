"""The real 2026-2027 handbook in Chromium with the clock fixed at 2026-11-30: « En ce moment »
shows the period of that day and its tasks, the reminder to check whether the certification window
is published is no « à confirmer » date, and the previous year is one click away."""

from __future__ import annotations

import pytest


@pytest.fixture
def home_on_30_november_2026(real_site, page):
    page.clock.set_fixed_time("2026-11-30T10:00:00")
    page.goto((real_site.config.output_dir / "index.html").as_uri())
    page.locator("[data-now]").wait_for(state="visible")
    return page


def test_on_30_november_2026_en_ce_moment_shows_periode_3_and_its_tasks(
    home_on_30_november_2026, real_site
):
    page = home_on_30_november_2026
    now = page.locator("[data-now]")
    period = real_site.handbook.period(3)
    assert period.start.isoformat() <= "2026-11-30" <= period.end.isoformat()
    text = " ".join(now.inner_text().split())
    # Monday 30 November to Friday 11 December: ten school days, today included
    assert (
        "Nous sommes en Période 3, jusqu'au vendredi 11 décembre 2026 : encore 10 jours de "
        "classe, aujourd'hui compris."
    ) in text
    for role, expected in (
        (
            "Référent Pix",
            [
                "Importer la base SIECLE dans Pix Orga.",
                "Identifier les comptes élèves inactifs.",
                "Réaliser un bilan des campagnes des parcours de rentrée.",
                "Impulser la formation des élèves avec les équipes pédagogiques.",
                "Diffuser des fiches de répartition des compétences par discipline.",
                "Pix IA\u00a0: créer les deux campagnes des 4e, diffuser les codes.",
                "Pix IA\u00a0: les 3e qui ne l'ont pas fait en 4e.",
            ],
        ),
        (
            "Enseignants",
            [
                "Lancer des campagnes associées à son enseignement.",
                "Faire suivre en classe les deux parcours Pix IA aux 4e.",
            ],
        ),
        (
            "Élèves",
            [
                "Réaliser d'autres campagnes.",
                "En 4e\u00a0: faire en classe les deux parcours Pix IA.",
            ],
        ),
    ):
        tasks = now.locator(".now-role", has=page.get_by_role("heading", name=role)).locator("li")
        assert tasks.all_inner_texts() == expected, role
    assert page.locator(".nav-now").inner_text() == "En ce moment\u00a0: Période 3"


def test_the_reminder_to_check_the_certification_window_is_not_to_be_confirmed(
    home_on_30_november_2026,
):
    timeline = home_on_30_november_2026.locator(".timeline").inner_text()
    assert "Vérifier si les dates de la certification sont publiées" in timeline
    assert "à confirmer" not in timeline
    assert "Début de la certification collège" not in timeline


def test_the_previous_year_is_one_click_away(home_on_30_november_2026):
    page = home_on_30_november_2026
    page.get_by_role("link", name="Années précédentes").first.click()
    assert page.url.endswith("/annees.html")
    assert page.get_by_role("heading", name="Année 2023-2024").is_visible()
