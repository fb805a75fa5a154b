"""The real calendars: 2026-2027 (zone C) under the rules of that year, and 2023-2024, the user's
source, kept whole as the previous year. Integrity of the data, not its wording."""

import datetime as dt
import html
import re

from conftest import PREVIOUS_YEAR, ROOT

from handbook.build.pipeline import Options, build

SEED = ROOT / "tests/fixtures/calendrier-pix-college.txt"  # copy of shared/seed, the user's source

SEED_PERIODS = [
    ("2023-08-14", "2023-09-15"),
    ("2023-09-25", "2023-10-27"),
    ("2023-11-13", "2023-12-15"),
    ("2024-01-15", "2024-02-16"),
    ("2024-02-26", "2024-03-28"),
    ("2024-04-15", "2024-05-17"),
    ("2024-05-27", "2024-06-14"),
    ("2024-06-17", "2024-07-05"),
]  # période 8: the seed's Saturday 15/06/2024 is Monday 17/06/2024 in calendar.yaml (see its top)
# The wording fixes made when the seed was copied into calendar.yaml (listed at the top of that
# file).
SEED_FIXES = [
    ("répartitions", "répartition"),
    ("soit réalisée", "est réalisée"),
    ("editer", "éditer"),
    ("passage de la certification selon planning", "passer la certification selon le planning"),
]


def previous_year(real_site):
    archives = {archive.label: archive for archive in real_site.handbook.archives}
    assert list(archives) == ["2023-2024"]
    return archives["2023-2024"]


# --- 2023-2024, the user's source, kept as the previous year --------------------------------------


def test_the_previous_year_has_eight_periods_with_the_seed_dates_in_order(real_site):
    periods = previous_year(real_site).periods
    assert [p.number for p in periods] == list(range(1, 9))
    assert [(p.start.isoformat(), p.end.isoformat()) for p in periods] == SEED_PERIODS


def test_the_previous_year_keeps_its_milestones(real_site):
    assert [
        (m.date, m.period_number, m.to_confirm) for m in previous_year(real_site).milestones
    ] == [
        (dt.date(2023, 10, 27), 2, False),
        (dt.date(2024, 3, 4), 5, False),
        (dt.date(2024, 6, 14), 7, False),
    ]


def test_the_previous_year_task_counts_match_the_seed(real_site):
    counts = [
        {role: len(tasks) for role, tasks in period.tasks.items()}
        for period in previous_year(real_site).periods
    ]
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


def seed_tasks() -> list[tuple[int, str, str]]:
    """(period number, period heading of the seed, task) for every task the user's source lists: its
    lines under a role (« - » or not) and its ticked boxes; not the role names, the dated
    milestones, nor the sentence on repeated imports, which is a remark."""
    seed = SEED.read_text(encoding="utf-8")
    headings = list(re.finditer(r"^Période \d : du \d\d/\d\d/\d\d au \d\d/\d\d/\d\d$", seed, re.M))
    tasks = []
    for number, (heading, following) in enumerate(zip(headings, headings[1:] + [None]), start=1):
        block = seed[heading.end() : following.start() if following else len(seed)]
        for line in block.splitlines():
            line = line.strip()
            if line.startswith("<"):
                texts = re.findall(r"<input[^>]*/>([^<]+)", line)
            elif line in (
                "",
                "-",
                "Référent Pix",
                "Référént Pix",
                "Enseignants",
                "Élèves",
            ) or re.match(r"\d\d/\d\d/\d{4} : ", line):
                texts = []
            else:
                texts = [line.removeprefix("-")]
            for text in texts:
                text = re.sub(r"\[([^\]]+)\]\(#\)", r"\1", text).strip()
                if "devra être réalisé" not in text:
                    tasks.append((number, heading.group(0), text))
    return tasks


def comparable(text: str) -> str:
    text = " ".join(text.lower().replace("’", "'").split()).rstrip(" .")
    for before, after in SEED_FIXES:
        text = text.replace(before, after)
    return text


# The seed's period headings (« du 14/08/23 au 15/09/23 »), written out by hand as the site writes
# dates.
SEED_HEADINGS = [
    "Période 1 : du lundi 14 août au vendredi 15 septembre 2023",
    "Période 2 : du lundi 25 septembre au vendredi 27 octobre 2023",
    "Période 3 : du lundi 13 novembre au vendredi 15 décembre 2023",
    "Période 4 : du lundi 15 janvier au vendredi 16 février 2024",
    "Période 5 : du lundi 26 février au jeudi 28 mars 2024",
    "Période 6 : du lundi 15 avril au vendredi 17 mai 2024",
    "Période 7 : du lundi 27 mai au vendredi 14 juin 2024",
    "Période 8 : du lundi 17 juin au vendredi 5 juillet 2024",
]


def test_every_task_of_the_users_source_is_on_the_previous_years_page_with_its_dates(real_site):
    page = (real_site.config.output_dir / "annees.html").read_text(encoding="utf-8")
    text = (
        html.unescape(re.sub(r"<[^>]+>", "\n", page)).replace("\u00a0", " ").replace("\u202f", " ")
    )
    year = text[text.index("Année 2023-2024") :]
    sections = re.split(r"\n(?=Période \d : )", year)[1:]
    assert [section.split("\n", 1)[0] for section in sections] == SEED_HEADINGS
    tasks = seed_tasks()
    for number, seed_heading, task in tasks:
        lines = {comparable(line) for line in sections[number - 1].split("\n") if line.strip()}
        assert comparable(task) in lines, (
            f"{seed_heading} : « {task} » manque sur la page des années précédentes"
        )
    assert len(tasks) == 73


def test_the_previous_years_page_shows_each_periods_remarks(real_site):
    """The year as it was: période 1 of 2023-2024 said the SIECLE import is to be redone as often as
    needed."""
    page = (real_site.config.output_dir / "annees.html").read_text(encoding="utf-8")
    text = re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page)))
    year = text[text.index("Année 2023-2024") :]
    notes = [note for period in previous_year(real_site).periods for note in period.notes]
    assert notes and all(f"À noter : {note}" in year for note in notes)
    first, second = year.index("Période 1 : "), year.index("Période 2 : ")
    assert first < year.index("L'import de la base SIECLE dans Pix Orga est à refaire") < second


def test_every_seed_link_has_a_guide_in_the_previous_year(real_site):
    """Each [texte](#) of the seed is a promise of a guide: a task whose text holds it links to a
    guide."""
    links = set(re.findall(r"\[([^\]]+)\]\(#\)", SEED.read_text(encoding="utf-8")))
    tasks = [t for p in previous_year(real_site).periods for ts in p.tasks.values() for t in ts]
    assert len(links) > 20
    for text in links:
        linked = [t for t in tasks if comparable(text) in comparable(t.text) and t.guide_slugs]
        assert linked, f"« {text} » n'a pas de guide"
        assert all(slug in real_site.handbook.guides for t in linked for slug in t.guide_slugs)


# --- 2026-2027 ------------------------------------------------------------------------------------


def test_the_handbook_is_2026_2027_in_zone_c(real_site):
    config = real_site.config
    assert config.school_year.label == "2026-2027"
    assert "zone_vacances: C" in (ROOT / "site_config.yaml").read_text(encoding="utf-8")
    periods = real_site.handbook.periods
    assert [p.number for p in periods] == list(range(1, 9))
    assert all(p.start in config.school_year and p.end in config.school_year for p in periods)
    assert all(before.end < after.start for before, after in zip(periods, periods[1:]))


def test_every_role_has_tasks_and_every_period_has_referent_tasks(real_site):
    handbook = real_site.handbook
    assert [r.id for r in handbook.roles] == ["referent", "enseignants", "eleves"]
    for role in handbook.roles:
        assert sum(len(tasks) for _, tasks in handbook.tasks_of(role.id)) > 0
    assert all(period.tasks["referent"] for period in handbook.periods)
    assert not handbook.periods[0].tasks.get("eleves"), (
        "les élèves n'ont rien en période 1 (pas de Pix Orga)"
    )


def tasks_with_guide(real_site, slug: str) -> dict[int, dict[str, int]]:
    found: dict[int, dict[str, int]] = {}
    for period in real_site.handbook.periods:
        for role, tasks in period.tasks.items():
            count = sum(slug in task.guide_slugs for task in tasks)
            if count:
                found.setdefault(period.number, {})[role] = count
    return found


def test_the_new_steps_of_2026_2027_are_in_their_periods(real_site):
    assert tasks_with_guide(real_site, "attestation-sixieme") == {
        2: {"referent": 1, "enseignants": 1, "eleves": 1},
        4: {"referent": 1, "enseignants": 1},
        7: {"referent": 1},
        8: {"enseignants": 1},
    }  # 8: the level entered in LSU at the end of 6e
    assert tasks_with_guide(
        real_site, "pix-ia-quatrieme"
    ) == {  # 3: the 4e, and last year's 4e now in 3e
        3: {"referent": 2, "enseignants": 1, "eleves": 1},
        4: {"enseignants": 1, "eleves": 1},
        5: {"referent": 1},
    }
    for slug in ("premiers-jours-referent", "espaces-pix-orga-certif", "donnees-personnelles"):
        assert tasks_with_guide(real_site, slug), slug


def test_no_task_asks_pupils_to_send_their_results(real_site):
    texts = [
        task.text.lower()
        for period in real_site.handbook.periods
        for tasks in period.tasks.values()
        for task in tasks
    ]
    assert texts and not [
        text for text in texts if "envoie" in text or "envoyer leurs résultats" in text
    ]


def test_no_certification_date_is_invented_and_the_reminder_to_check_is_not_to_be_confirmed(
    real_site,
):
    """The window is unpublished: the calendar has a reminder to check for it, on a date the school
    chose, which is not a provisional date (« Vérifier … (date à confirmer) » would ask to confirm
    the date of a check)."""
    milestones = {m.id: m for m in real_site.handbook.milestones}
    assert sorted(milestones) == [
        "dernier-jour-parcours-rentree",
        "fenetre-certification",
        "fin-campagnes-rentree",
    ]
    window = milestones["fenetre-certification"]
    assert (
        not window.to_confirm
        and window.title == "Vérifier si les dates de la certification sont publiées"
    )
    assert not window.national
    assert (
        window.date == real_site.handbook.period(4).start
    )  # a reminder on the school's own calendar
    assert "vérifier" in " ".join(
        t.text.lower()
        for t in real_site.handbook.period(4).tasks["referent"]
        if "organiser-certification" in t.guide_slugs
    )


def test_no_guide_is_orphaned_and_no_warning(real_site):
    assert real_site.warnings == []
    used = {
        slug
        for p in real_site.handbook.periods
        for ts in p.tasks.values()
        for t in ts
        for slug in t.guide_slugs
    }
    linked = {slug for g in real_site.handbook.guides.values() for slug in g.linked_slugs}
    assert set(real_site.handbook.guides) <= used | linked


def test_year_dependent_guides_follow_the_rules_of_the_year(real_site):
    guides = real_site.handbook.guides
    for slug in (
        "eleves-non-certifiables",
        "organiser-certification",
        "campagnes-sos",
        "deroulement-certification",
        "attestation-sixieme",
        "pix-ia-quatrieme",
        "glossaire",
    ):
        assert guides[slug].rules_year == "2026-2027", slug
    assert not [
        slug
        for slug, guide in guides.items()
        if guide.rules_year and guide.rules_year < "2026-2027"
    ]


def test_the_previous_year_is_kept_whole(real_site):
    assert (PREVIOUS_YEAR / "calendar.yaml").is_file() and (
        PREVIOUS_YEAR / "site_config.yaml"
    ).is_file()
    assert "annee_scolaire: 2023-2024" in (PREVIOUS_YEAR / "site_config.yaml").read_text(
        encoding="utf-8"
    )


def test_the_shipped_configuration_has_no_address_that_could_pass_for_a_real_one(tmp_path):
    """The example address is commented out: the subscribe page offers downloads, and the build says
    why."""
    active = [
        line
        for line in (ROOT / "site_config.yaml").read_text().splitlines()
        if line.startswith("url_publique")
    ]
    assert active == []
    result = build(Options(ROOT / "site_config.yaml", output=tmp_path / "site"))
    # the other note: the certification tasks wait for the window's dates (see test_ties.py)
    assert result.warnings == [] and [note.field for note in result.notes] == [
        "jalon",
        "url_publique",
    ]
    page = result.files["abonnement.html"].decode()
    assert (
        "webcal:" not in page
        and "exemple" not in page
        and not any(p.endswith(".svg") for p in result.files)
    )


def test_the_window_is_looked_for_at_the_rentree_and_in_october_too(real_site):
    """Recent windows were published by the rentrée or in October: January is too late to be the
    only reminder."""
    handbook = real_site.handbook
    looked_for = [
        period.number
        for period in handbook.periods
        for task in period.tasks.get("referent", ())
        if "organiser-certification" in task.guide_slugs and "fenêtre" in task.text
    ]
    assert looked_for[:2] == [1, 2] and 4 in looked_for
    assert "octobre" in next(
        task.text for task in handbook.period(2).tasks["referent"] if "fenêtre" in task.text
    )


def test_teachers_are_given_their_last_class_day_before_toussaint(real_site):
    """The référent's own end of the rentrée campaigns falls in the Toussaint holidays (Friday 23
    October 2026); teachers are told the last class day, Friday 16 October 2026."""
    milestones = {m.id: m for m in real_site.handbook.milestones}
    assert milestones["fin-campagnes-rentree"].date == dt.date(2026, 10, 23)
    assert milestones["dernier-jour-parcours-rentree"].date == dt.date(2026, 10, 16)
    year = real_site.handbook.year
    assert year.is_school_day(dt.date(2026, 10, 16)) and not year.is_school_day(
        dt.date(2026, 10, 17)
    )
    output = real_site.config.output_dir
    for guide in ("guide-enseignants", "diaporama-equipes"):
        text = (output / f"guides/{guide}.html").read_text(encoding="utf-8")
        assert "vendredi 16 octobre 2026" in text, guide
        assert "23 octobre" not in text, guide


def test_periode_7_starts_after_its_free_week(real_site):
    """As in 2023-2024, a week without period (Whit Monday's) lies between périodes 6 and 7."""
    handbook = real_site.handbook
    assert handbook.period(6).end == dt.date(2027, 5, 14)
    assert handbook.period(7).start == dt.date(2027, 5, 24)
