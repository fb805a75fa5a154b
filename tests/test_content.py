"""The real 2023-2024 calendar: integrity of the data, not its wording."""
import datetime as dt
import re

from conftest import ROOT
from handbook.pipeline import Options, build

SEED = ROOT / "tests/fixtures/calendrier-pix-college.txt"  # copy of shared/seed, the user's source

SEED_PERIODS = [
    ("2023-08-14", "2023-09-15"), ("2023-09-25", "2023-10-27"), ("2023-11-13", "2023-12-15"),
    ("2024-01-15", "2024-02-16"), ("2024-02-26", "2024-03-28"), ("2024-04-15", "2024-05-17"),
    ("2024-05-27", "2024-06-14"), ("2024-06-15", "2024-07-05"),
]


def test_eight_periods_with_the_seed_dates_in_order(real_site):
    periods = real_site.handbook.periods
    assert [p.number for p in periods] == list(range(1, 9))
    assert [(p.start.isoformat(), p.end.isoformat()) for p in periods] == SEED_PERIODS


def test_milestones(real_site):
    assert [(m.date, m.period_number) for m in real_site.handbook.milestones] == [
        (dt.date(2023, 10, 27), 2), (dt.date(2024, 3, 4), 5), (dt.date(2024, 6, 14), 7)]


def test_every_role_has_tasks_and_every_period_has_referent_tasks(real_site):
    handbook = real_site.handbook
    assert [r.id for r in handbook.roles] == ["referent", "enseignants", "eleves"]
    for role in handbook.roles:
        assert sum(len(tasks) for _, tasks in handbook.tasks_of(role.id)) > 0
    assert all(period.tasks["referent"] for period in handbook.periods)
    assert not handbook.periods[0].tasks.get("eleves"), "les élèves n'ont rien en période 1 (pas de Pix Orga)"
    assert "Se connecter à Pix Orga." in [t.text for t in handbook.periods[0].tasks["enseignants"]]


def test_task_counts_match_the_seed(real_site):
    counts = [{role: len(tasks) for role, tasks in period.tasks.items()} for period in real_site.handbook.periods]
    assert counts == [
        {"referent": 4, "enseignants": 1, "eleves": 0},
        {"referent": 6, "enseignants": 2, "eleves": 2},
        {"referent": 5, "enseignants": 1, "eleves": 1},
        {"referent": 7, "enseignants": 1, "eleves": 1},
        {"referent": 7, "enseignants": 3, "eleves": 3},
        {"referent": 8, "enseignants": 3, "eleves": 3},
        {"referent": 2, "enseignants": 1, "eleves": 1},
        {"referent": 9, "enseignants": 1, "eleves": 1},
    ]


def test_every_seed_link_has_a_guide(real_site):
    """Each [texte](#) of the seed is a promise of a guide: a task whose text holds it links to a guide."""
    seed = SEED.read_text(encoding="utf-8")
    promised = {re.sub(r"\s+", " ", text).strip().lower() for text in re.findall(r"\[([^\]]+)\]\(#\)", seed)}
    tasks = [t for p in real_site.handbook.periods for ts in p.tasks.values() for t in ts]
    for text in promised:
        words = text.replace("editer", "éditer").replace("répartitions", "répartition")
        linked = [t for t in tasks if words in t.text.lower() and t.guide_slugs]
        assert linked, f"« {text} » n'a pas de guide"


def test_no_guide_is_orphaned_and_no_warning(real_site):
    assert real_site.warnings == []
    used = {slug for p in real_site.handbook.periods for ts in p.tasks.values() for t in ts for slug in t.guide_slugs}
    linked = {slug for g in real_site.handbook.guides.values() for slug in g.linked_slugs}
    assert set(real_site.handbook.guides) <= used | linked


def test_year_dependent_guides_say_so(real_site):
    guides = real_site.handbook.guides
    for slug in ("eleves-non-certifiables", "organiser-certification", "campagnes-sos", "deroulement-certification"):
        assert guides[slug].rules_year == "2023-2024", slug


def test_the_shipped_configuration_has_no_address_that_could_pass_for_a_real_one(tmp_path):
    """The example address is commented out: the subscribe page offers downloads, and the build says why."""
    active = [line for line in (ROOT / "site_config.yaml").read_text().splitlines() if line.startswith("url_publique")]
    assert active == []
    result = build(Options(ROOT / "site_config.yaml", output=tmp_path / "site"))
    assert [w.field for w in result.warnings] == ["url_publique"]
    page = result.files["abonnement.html"].decode()
    assert "webcal:" not in page and "exemple" not in page and not any(p.endswith(".svg") for p in result.files)
