"""« En ce moment » on the 2023-2024 handbook of the user's source (zone C), the previous year of
the shipped one, with the browser's clock fixed, and the year strip."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest
from conftest import ROOT

from handbook.build.pipeline import Options, build
from handbook.year.nextyear import prepare


def now_text(page, previous_year_site, day: str) -> str:
    page.clock.set_fixed_time(f"{day}T10:00:00")
    page.goto((previous_year_site.config.output_dir / "index.html").as_uri())
    panel = page.locator("[data-now]")
    panel.wait_for(state="visible")
    return " ".join(panel.inner_text().split())


def test_during_the_toussaint_holidays_it_says_which_until_when_and_what_comes_next(
    page, previous_year_site
):
    text = now_text(page, previous_year_site, "2023-11-01")
    assert "Ce sont les vacances de la Toussaint, jusqu'au dimanche 5 novembre 2023 inclus." in text
    assert "Prochaine étape : Période 3, à partir du lundi 13 novembre 2023" in text


def test_before_the_first_period_it_says_the_year_has_not_begun(page, previous_year_site):
    text = now_text(page, previous_year_site, "2023-08-02")
    assert (
        "L'année 2023-2024 n'a pas encore commencé pour les élèves : rentrée le lundi 4 "
        "septembre 2023." in text
    )
    assert "Première étape : Période 1, à partir du lundi 14 août 2023" in text
    assert text.count("n'a pas encore commencé") == 1, text


def test_long_after_the_year_it_says_the_handbook_is_out_of_date_and_how_to_prepare_the_next(
    page, previous_year_site
):
    text = now_text(page, previous_year_site, "2026-11-30")
    assert "L'année 2023-2024 est terminée : ce guide n'est plus à jour" in text
    assert (
        "À faire par la personne qui tient ce guide : pour préparer l'année 2026-2027, lancer "
        "« python3 build.py nouvelle-annee 2026-2027 »"
    ) in text
    assert "Toutes les périodes" not in text


def test_today_is_marked_on_the_year_strip_only_inside_the_year(page, previous_year_site):
    now_text(page, previous_year_site, "2024-01-15")
    assert page.locator("[data-strip-today]").get_attribute("visibility") == "visible"
    now_text(page, previous_year_site, "2026-11-30")
    assert page.locator("[data-strip-today]").get_attribute("visibility") == "hidden"


@pytest.mark.parametrize("width", [1280, 375, 320])
def test_the_month_names_under_the_year_strip_keep_their_shape_and_room(
    page, previous_year_site, width
):
    # The strip is stretched to the page's width; its month names are drawn apart, so they are never
    # squeezed into unreadable slivers on a phone, nor cut at the right edge, nor written over each
    # other.
    page.set_viewport_size({"width": width, "height": 900})
    page.goto((previous_year_site.config.output_dir / "index.html").as_uri())
    strip = page.locator(".year-strip").bounding_box()
    names = page.locator(".strip-month")
    boxes = [box for index in range(names.count()) if (box := names.nth(index).bounding_box())]
    assert len(boxes) >= 5
    for box in boxes:
        assert (
            strip["x"] <= box["x"] and box["x"] + box["width"] <= strip["x"] + strip["width"] + 0.5
        )
        assert (
            8 <= box["height"] <= 16 and box["width"] >= 1.2 * box["height"]
        )  # « mai » at least, not a sliver
    assert all(left["x"] + left["width"] < right["x"] for left, right in zip(boxes, boxes[1:]))


# Made-up holidays of 2027-2028, zone C, only for the test: the generator does not know that year.
HOLIDAYS_2027_2028 = """\
annees:
  2027-2028:
    rentree: 02/09/2027
    vacances:
      - nom: vacances de la Toussaint
        du: 23/10/2027
        au: 07/11/2027
      - nom: vacances de Noël
        du: 18/12/2027
        au: 02/01/2028
      - nom: vacances d'hiver
        du: 12/02/2028
        au: 27/02/2028
      - nom: vacances de printemps
        du: 15/04/2028
        au: 01/05/2028
      - nom: pont de l'Ascension
        du: 25/05/2028
        au: 28/05/2028
      - nom: vacances d'été
        du: 01/07/2028
"""


@pytest.fixture(scope="module")
def prepared_in_december(tmp_path_factory):
    """The shipped handbook after « nouvelle-annee 2027-2028 » run on Monday 7 December 2026, then
    built."""
    root = tmp_path_factory.mktemp("decembre")
    shutil.copytree(ROOT / "content", root / "content")
    (root / "content/vacances.yaml").write_text(HOLIDAYS_2027_2028, encoding="utf-8")
    config = (ROOT / "site_config.yaml").read_text(encoding="utf-8")
    (root / "site_config.yaml").write_text(
        config.replace(
            "dossier_gabarits: templates", f"dossier_gabarits: {(ROOT / 'templates').as_posix()}"
        ),
        encoding="utf-8",
    )
    code, lines = prepare(root / "site_config.yaml", "2027-2028", False, today=dt.date(2026, 12, 7))
    assert code == 0, lines
    result = build(Options(root / "site_config.yaml", output=root / "output"))
    assert result.handbook.config.school_year.label == "2027-2028"
    return lines, result


def test_the_command_says_the_running_year_lasts_until_31_july_and_what_readers_see(
    prepared_in_december,
):
    text = " ".join(prepared_in_december[0])
    assert (
        "L'année 2026-2027 dure jusqu'au samedi 31 juillet 2027 : jusque-là, « En ce moment » "
        "(page d'accueil et menu de chaque page) parle d'elle"
    ) in text
    assert "montre 2027-2028 dès la prochaine construction" in text


def test_on_7_december_2026_after_preparing_2027_2028_en_ce_moment_speaks_of_2026_2027(
    page, prepared_in_december
):
    site = prepared_in_december[1]
    text = now_text(page, site, "2026-12-07")
    assert "Nous sommes en Période 3, jusqu'au vendredi 11 décembre 2026" in text, text
    assert "2027-2028" not in text and "pas encore commencé" not in text
    assert (
        "créer les deux campagnes des 4e, diffuser les codes" in text
    )  # a task of période 3 of 2026-2027
    here = page.locator("[data-now] .now-intro a")
    assert here.get_attribute("href") == "annees.html#annee-2026-2027-periode-3"
    page.locator(".site-nav .nav-now a").click()
    assert page.locator("#annee-2026-2027-periode-3").is_visible()
    assert page.locator("#annee-2026-2027 .badge").inner_text() == "en cours"
    assert " ".join(page.locator("main .lead").inner_text().split()) == (
        "Les calendriers des années précédentes, tels qu'ils étaient : pour retrouver ce qui a "
        "été fait et quand. L'année 2027-2028 est sur la page d'accueil."
    )


def test_from_1_august_2027_en_ce_moment_speaks_of_2027_2028(page, prepared_in_december):
    site = prepared_in_december[1]
    text = now_text(page, site, "2027-08-02")
    assert (
        "L'année 2027-2028 n'a pas encore commencé pour les élèves : rentrée le jeudi 2 "
        "septembre 2027." in text
    )
    page.goto((site.config.output_dir / "annees.html").as_uri())
    assert page.locator("#annee-2026-2027 .badge").count() == 0


def shipped_now(page, real_site, day: str, role: str = "") -> str:
    """« En ce moment » on the shipped handbook (2026-2027, zone C) on a given day, for a chosen
    role."""
    text = now_text(page, real_site, day)
    if role:
        page.select_option("#mon-role", role)
        text = " ".join(page.locator("[data-now]").inner_text().split())
    return text


@pytest.mark.parametrize(
    "day, expected",
    [
        # Monday 7 December 2026: Monday to Friday are left, today included (it said « encore 4
        # jours »)
        (
            "2026-12-07",
            "jusqu'au vendredi 11 décembre 2026 : encore 5 jours de classe, aujourd'hui compris.",
        ),
        # a Saturday: the week-end is not counted
        ("2026-12-05", "jusqu'au vendredi 11 décembre 2026 : encore 5 jours de classe."),
        ("2026-12-11", "jusqu'au vendredi 11 décembre 2026 : c'est le dernier jour."),
        # Monday 3 May 2027: the pont de l'Ascension (Thursday 6 and Friday 7) is not counted
        (
            "2027-05-03",
            "jusqu'au vendredi 14 mai 2027 : encore 8 jours de classe, aujourd'hui compris.",
        ),
        # période 2 ends during the Toussaint holidays (« fin_voulue »): no school day is left, the
        # date alone
        ("2026-10-19", "Nous sommes en Période 2, jusqu'au vendredi 23 octobre 2026."),
    ],
)
def test_the_days_left_in_a_period_are_school_days(page, real_site, day, expected):
    assert expected in shipped_now(page, real_site, day)


def test_a_milestone_for_the_referent_is_shown_to_the_referent_only(page, real_site):
    reminder = "Vérifier si les dates de la certification sont publiées dans 35 jours"
    assert f"Référent Pix : {reminder}" in shipped_now(page, real_site, "2026-12-07")
    text = shipped_now(page, real_site, "2026-12-07", "referent")
    assert reminder in text and "Référent Pix : Vérifier" not in text
    for role in ("enseignants", "eleves"):
        assert "Vérifier si les dates" not in shipped_now(page, real_site, "2026-12-07", role)
    period = (real_site.config.output_dir / "periode-4.html").read_text(encoding="utf-8")
    assert 'publiées <span class="milestone-roles">(pour\u00a0: Référent Pix)' in period
    assert "à confirmer" not in period  # a reminder to check something has no date to confirm
