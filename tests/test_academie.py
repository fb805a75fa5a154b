"""One base, many schools (tests/fixtures/academie): each school's site_config.yaml names the base
(« base: ../base »); its calendar and guides are merged over the base's item by item, each value
keeping the file and line that wrote it."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import build_at, problems_at, snapshot, write_files

from handbook.problems import shown_path

FIXTURE = Path(__file__).parent / "fixtures" / "academie"
SCHOOLS = ("college-a", "college-b", "college-c")


@pytest.fixture
def academie(tmp_path) -> Path:
    """A copy of the test académie: base/ and three schools."""
    shutil.copytree(FIXTURE, tmp_path / "academie")
    return tmp_path / "academie"


def tasks_of(result, number: int, role: str) -> list:
    period = next(period for period in result.handbook.periods if period.number == number)
    return list(period.tasks.get(role, ()))


def texts(result, number: int, role: str) -> list[str]:
    return [task.text for task in tasks_of(result, number, role)]


def test_the_base_builds_alone(academie):
    result = build_at(academie / "base")
    assert result.handbook.config.bases == ()
    assert "charte" in result.handbook.guides


def test_a_school_changes_completes_moves_removes_and_adds_tasks(academie):
    result = build_at(academie / "college-a")
    assert texts(result, 1, "referent") == [
        "Importer la base SIECLE dans Pix Orga. Le secrétariat envoie l'export chaque lundi.",
        "Inviter les enseignants dans Pix Orga avant la réunion de rentrée.",
        "Présenter Pix aux familles de sixième.",
    ]
    assert texts(result, 2, "referent") == [
        "Repérer les élèves non certifiables.",
        "Présenter Pix au conseil pédagogique.",  # moved from period 1
    ]
    assert texts(result, 1, "enseignants") == []  # the school removed its only task
    assert texts(result, 2, "enseignants") == ["Surveiller les sessions."]


def test_a_school_changes_its_own_dates_and_milestones(academie):
    result = build_at(academie / "college-a")
    first = result.handbook.periods[0]
    assert (first.start.isoformat(), first.end.isoformat()) == ("2024-09-02", "2024-10-17")
    assert [milestone.id for milestone in result.handbook.milestones] == [
        "debut-certification",
        "conseil-pedagogique",
    ]


def test_guides_are_added_completed_replaced_and_removed(academie):
    a = build_at(academie / "college-a")
    assert set(a.handbook.guides) == {
        "importer-siecle",
        "inviter-enseignants",
        "campagnes",
        "certification",
        "club-pix",
    }
    page = a.files["guides/importer-siecle.html"].decode()
    assert "Demandez l'export SIECLE" in page  # the base's text, not copied
    assert "Le secrétariat dépose l'export" in page  # then the school's
    assert page.index("Demandez l'export SIECLE") < page.index("Le secrétariat dépose")
    b = build_at(academie / "college-b")
    assert b.handbook.guides["certification"].title == (
        "Préparer la certification au collège Victor Hugo"
    )
    assert "charte" in b.handbook.guides


def test_the_configuration_merges_key_by_key(academie):
    b = build_at(academie / "college-b").handbook.config
    assert (b.title, b.school, b.holiday_zone) == (
        "Guide Pix du collège Victor Hugo",
        "Collège Victor Hugo",
        "A",
    )
    c = build_at(academie / "college-c").handbook.config
    assert (c.title, c.school, c.holiday_zone, c.base_url) == (
        "Guide Pix du collège",
        "Collège Marie Curie",
        "C",
        None,  # a base's address is never a school's
    )


def test_a_school_in_another_zone_has_that_zones_holidays(academie):
    a = build_at(academie / "college-a").handbook.year
    b = build_at(academie / "college-b").handbook.year
    assert a.zone == "C" and b.zone == "A"
    assert [h.first for h in a.holidays] != [h.first for h in b.holidays]


def test_no_school_shows_another_schools_name_or_uai(academie):
    own = {
        "college-a": ("Collège Jean Moulin", "0990001A", "intranet.college-a.fr"),
        "college-b": ("Collège Victor Hugo", "0990002B", "Victor Hugo"),
        "college-c": ("Collège Marie Curie", "0990003C", "Marie Curie"),
    }
    for school in SCHOOLS:
        result = build_at(academie / school)
        site = b"".join(result.files[path] for path in result.files).decode("utf-8", "replace")
        assert own[school][0] in site
        for other in SCHOOLS:
            if other != school:
                assert not any(value in site for value in own[other]), (school, other)


def test_a_change_in_the_base_reaches_the_school_at_the_next_build(academie):
    build_at(academie / "college-c")
    calendar = academie / "base" / "content" / "calendar.yaml"
    calendar.write_text(
        calendar.read_text().replace("Repérer les élèves", "Repérer tôt les élèves"),
        encoding="utf-8",
    )
    result = build_at(academie / "college-c")
    assert not result.up_to_date
    assert texts(result, 2, "referent") == ["Repérer tôt les élèves non certifiables."]


# Errors: each names the layer's file and line that wrote the value


def test_an_unknown_task_id_is_an_error_with_a_suggestion(academie):
    write_files(
        academie / "college-c",
        {
            "content/calendar.yaml": "periodes:\n  - numero: 1\n    taches:\n      referent:\n"
            "        - id: importer-sieclee\n          complement: Le lundi.\n"
        },
    )
    assert problems_at(academie / "college-c") == [
        "content/calendar.yaml, ligne 5, champ « taches › importer-sieclee » : aucune tâche de la "
        "base n'a l'id « importer-sieclee » (vouliez-vous écrire « importer-siecle » ?) ; pour "
        "ajouter un élément à vous, donnez-lui tous ses champs et un id nouveau"
    ]


def test_a_locked_task_is_completed_but_neither_changed_nor_removed(academie):
    write_files(
        academie / "college-c",
        {
            "content/calendar.yaml": "periodes:\n  - numero: 1\n    taches:\n      referent:\n"
            "        - id: importer-siecle\n          texte: Autre chose.\n"
            "  - numero: 2\n    taches:\n      referent:\n"
            "        - id: importer-siecle\n          retirer: true\n"
        },
    )
    problems = problems_at(academie / "college-c")
    assert problems == [
        "content/calendar.yaml, ligne 6, champ « taches › importer-siecle › texte » : verrouillé "
        "par la base (../base/content/calendar.yaml, ligne 16) : « texte » ne se change pas ; "
        "seul « complement: » peut y ajouter une phrase",
        "content/calendar.yaml, ligne 11, champ « taches › importer-siecle » : verrouillé par la "
        "base (../base/content/calendar.yaml, ligne 16) : il ne se retire pas",
    ]


def test_a_national_date_is_not_changed_by_a_school(academie):
    write_files(
        academie / "college-c",
        {"content/calendar.yaml": "jalons:\n  - id: debut-certification\n    date: 13/11/2024\n"},
    )
    [problem] = problems_at(academie / "college-c")
    assert problem.startswith(
        "content/calendar.yaml, ligne 3, champ « jalons › debut-certification › date » : date "
        "nationale, fixée par la base (../base/content/calendar.yaml, ligne 46)"
    )


def test_a_guide_named_as_the_bases_must_say_what_it_does(academie):
    write_files(
        academie / "college-c",
        {"content/guides/campagnes.md": "---\ntitre: Mes campagnes\nresume: R.\n---\n\nTexte.\n"},
    )
    [problem] = problems_at(academie / "college-c")
    assert problem.startswith(
        "content/guides/campagnes.md, ligne 1 : la base a déjà un guide « campagnes » "
        "(../base/content/guides/campagnes.md) ; pour le remplacer, écrivez « base: remplacer »"
    )


def test_removing_a_guide_a_task_points_to_names_both_places(academie):
    write_files(
        academie / "college-c", {"content/guides/certification.md": "---\nbase: retirer\n---\n"}
    )
    [problem] = problems_at(academie / "college-c")
    assert problem == (
        "../base/content/calendar.yaml, ligne 35, champ « periodes › 2 › taches › referent › "
        "guide » : la tâche « Repérer les élèves non certifiables. » renvoie au guide "
        "« certification », qui n'existe pas : ce guide de la base est retiré par "
        "content/guides/certification.md (ligne 2, « base: retirer ») ; retirez aussi ce renvoi, "
        "ou gardez le guide"
    )


def test_a_near_miss_guide_name_is_an_error(academie):
    write_files(
        academie / "college-c",
        {"content/guides/certifcation.md": "---\nbase: compléter\n---\n\nEn plus.\n"},
    )
    [problem] = problems_at(academie / "college-c")
    assert problem.startswith(
        "content/guides/certifcation.md, ligne 2, champ « base » : la base n'a pas de guide "
        "« certifcation » (vouliez-vous écrire « certification » ?)"
    )


def test_an_error_in_a_completed_guide_names_the_schools_line(academie):
    write_files(
        academie / "college-a",
        {
            "content/guides/importer-siecle.md": "---\nbase: compléter\n---\n\nUn [lien](absent.md)"
            " cassé.\n"
        },
    )
    [problem] = problems_at(academie / "college-a")
    assert problem.startswith(
        "content/guides/importer-siecle.md, ligne 5 : lien vers « absent.md »"
    )


def test_an_error_in_the_base_part_of_a_completed_guide_names_the_bases_line(academie):
    guide = academie / "base" / "content" / "guides" / "importer-siecle.md"
    guide.write_text(guide.read_text().replace("(inviter-enseignants.md)", "(inviter.md)"))
    problems = problems_at(academie / "college-a")
    assert problems[0].startswith(
        "../base/content/guides/importer-siecle.md, ligne 11 : lien vers « inviter.md »"
    )


def test_a_school_option_wrong_names_the_schools_file_and_a_bases_names_the_bases(academie):
    write_files(
        academie / "college-c",
        {"site_config.yaml": "base: ../base\netablissement: X\nzone_vacances: D\n"},
    )
    base_config = academie / "base" / "site_config.yaml"
    base_config.write_text(base_config.read_text().replace("2024-2025", "2024-2026"))
    problems = problems_at(academie / "college-c")
    assert problems[0].startswith("../base/site_config.yaml, ligne 4, champ « annee_scolaire » :")
    assert problems[1].startswith("site_config.yaml, ligne 3, champ « zone_vacances » :")


def test_a_school_writes_its_own_name(academie):
    write_files(academie / "college-c", {"site_config.yaml": "base: ../base\nuai: 0990003C\n"})
    [problem] = problems_at(academie / "college-c")
    assert problem.startswith(
        "site_config.yaml, ligne 1, champ « etablissement » : option obligatoire absente ; "
        "attendu : le nom de l'établissement (chaque établissement écrit le sien : il n'est jamais "
        "repris de sa base)"
    )


def test_a_chain_of_bases_works_and_a_cycle_is_an_error(academie):
    write_files(
        academie,
        {
            "bassin/site_config.yaml": "base: ../base\netablissement: Bassin Nord\n",
            "bassin/content/guides/bassin.md": "---\ntitre: Le bassin\nresume: R.\n---\n\nT.\n",
            "college-c/site_config.yaml": "base: ../bassin\netablissement: Collège Marie Curie\n",
        },
    )
    result = build_at(academie / "college-c")
    assert {"bassin", "charte"} <= set(result.handbook.guides)
    assert result.handbook.config.school == "Collège Marie Curie"
    write_files(
        academie,
        {
            "base/site_config.yaml": (academie / "base/site_config.yaml").read_text()
            + "base: ../college-c\n"
        },
    )
    [problem] = problems_at(academie / "college-c")
    assert problem == (
        "../base/site_config.yaml, ligne 6, champ « base » : les bases reviennent sur "
        "elles-mêmes (site_config.yaml → ../bassin/site_config.yaml → ../base/site_config.yaml "
        "→ site_config.yaml) ; retirez l'une d'elles"
    )


def test_a_missing_base_is_an_error(academie):
    write_files(academie / "college-c", {"site_config.yaml": "base: ../bas\netablissement: X\n"})
    [problem] = problems_at(academie / "college-c")
    assert problem.startswith(
        "site_config.yaml, ligne 1, champ « base » : « ../bas » : introuvable (cherché : "
        f"{shown_path(academie / 'bas')}) ; "
        "attendu : le dossier du guide commun"
    )


def test_the_readme_example_is_the_test_academie():
    """The README's worked example (« Une académie, plusieurs établissements ») shows the files of
    tests/fixtures/academie as they are, which these tests build."""
    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme.split("## 7. Une académie, plusieurs établissements", 1)[1]
    shown = re.findall(r"^```yaml\n# (college-a/\S+)\n(.*?)^```", section, re.DOTALL | re.M)
    assert [name for name, _ in shown] == [
        "college-a/site_config.yaml",
        "college-a/content/calendar.yaml",
    ]
    for name, text in shown:
        assert text == (FIXTURE / name).read_text(encoding="utf-8"), name
    guide = (FIXTURE / "college-a/content/guides/importer-siecle.md").read_text(encoding="utf-8")
    assert f"```markdown\n{guide}```" in section
    build = "python3 build.py --config tests/fixtures/academie/college-a/site_config.yaml"
    assert build in section


def test_serve_sees_a_change_in_the_base(academie, tmp_path):
    """Serve's rebuild (the same cache, told which files changed) reads the base's files again
    when they change, and gives the clean build's site."""
    from test_serve import rebuilder

    rebuild = rebuilder(academie / "college-a", tmp_path / "serve")
    rebuild()
    guide = academie / "base" / "content" / "guides" / "inviter-enseignants.md"
    guide.write_text(guide.read_text().replace("chaque enseignant", "chaque professeur"))
    rebuild()
    page = (tmp_path / "serve" / "guides" / "inviter-enseignants.html").read_text()
    assert "chaque professeur" in page
    build_at(academie / "college-a", output=tmp_path / "propre", reuse=False)
    assert snapshot(tmp_path / "serve") == snapshot(tmp_path / "propre")


def test_a_guides_base_field_must_say_what_it_does(academie):
    write_files(academie / "college-c", {"content/guides/charte.md": "---\nbase: effacer\n---\n"})
    [problem] = problems_at(academie / "college-c")
    assert problem == (
        "content/guides/charte.md, ligne 2, champ « base » : « effacer » ne convient pas ; "
        "attendu : remplacer, compléter ou retirer (le guide de la base du même nom) "
        "(vouliez-vous écrire « remplacer » ?)"
    )


def test_an_error_in_a_schools_own_task_names_the_school_and_in_a_base_task_the_base(academie):
    write_files(
        academie / "college-c",
        {
            "content/calendar.yaml": "periodes:\n  - numero: 2\n    taches:\n      referent:\n"
            "        - texte: Réunir l'équipe.\n          guide: reunion\n"
        },
    )
    calendar = academie / "base" / "content" / "calendar.yaml"
    calendar.write_text(calendar.read_text().replace("guide: campagnes", "guide: campagne"))
    problems = problems_at(academie / "college-c")
    assert [problem.split(" : ")[0] for problem in problems] == [
        "../base/content/calendar.yaml, ligne 26, champ « periodes › 1 › taches › enseignants › "
        "guide »",
        "content/calendar.yaml, ligne 5, champ « periodes › 2 › taches › referent › guide »",
    ]


def test_a_mistake_in_a_field_a_school_changed_names_the_schools_line(academie):
    write_files(
        academie / "college-c",
        {"content/calendar.yaml": "periodes:\n  - numero: 1\n    fin: 31/13/2024\n"},
    )
    [problem] = problems_at(academie / "college-c")
    assert problem.startswith("content/calendar.yaml, ligne 3, champ « periodes › 1 › fin » :")


def test_a_bases_own_templates_serve_its_schools(academie):
    """« dossier_gabarits » written in the base is the base's folder, found from the base's file."""
    templates = academie / "base" / "gabarits"
    shutil.copytree(Path(__file__).parents[1] / "templates", templates)
    home = templates / "home.html"
    home.write_text(home.read_text().replace("{% block content %}", "{% block content %}<!--B-->"))
    config = academie / "base" / "site_config.yaml"
    config.write_text(config.read_text() + "dossier_gabarits: gabarits\n")
    result = build_at(academie / "college-c")
    assert result.config.templates_dir == templates
    assert b"<!--B-->" in result.files["index.html"]


def test_the_bases_own_holidays_serve_its_schools(academie):
    """An académie whose holidays are its own (Corse, outre-mer) writes them once, in the base's
    content/vacances.yaml: a school without its own takes them."""
    write_files(
        academie / "base",
        {
            "content/vacances.yaml": "annees:\n  2024-2025:\n    rentree: 02/09/2024\n"
            "    vacances:\n      - nom: Toussaint\n        du: 19/10/2024\n"
            "        au: 03/11/2024\n"
        },
    )
    config = academie / "base" / "site_config.yaml"
    config.write_text(config.read_text().replace("zone_vacances: C\n", ""))
    year = build_at(academie / "college-c").handbook.year
    assert [holiday.name for holiday in year.holidays] == ["Toussaint"]
    assert year.source == "../base/content/vacances.yaml"


def test_a_removed_role_leaves_with_its_base_tasks_milestones_and_guide_mentions(academie):
    write_files(
        academie,
        {
            "base/content/calendar.yaml": (academie / "base/content/calendar.yaml")
            .read_text(encoding="utf-8")
            .replace(
                "    titre: Fin des campagnes de rentrée\n",
                "    titre: Fin des campagnes de rentrée\n    roles: [enseignants]\n",
            ),
            "college-c/content/calendar.yaml": "roles:\n  - id: enseignants\n    retirer: true\n",
        },
    )
    result = build_at(academie / "college-c")
    handbook = result.handbook
    assert [role.id for role in handbook.roles] == ["referent"]
    assert all(set(period.tasks) <= {"referent"} for period in handbook.periods)
    assert texts(result, 1, "referent")[0] == "Importer la base SIECLE dans Pix Orga."
    assert [milestone.id for milestone in handbook.milestones] == ["debut-certification"]
    assert handbook.guides["campagnes"].roles == ("referent",)
    assert not (academie / "college-c/output/roles/enseignants.html").exists()
    base = build_at(academie / "base")  # the base keeps its role and what goes with it
    assert [role.id for role in base.handbook.roles] == ["referent", "enseignants"]
    assert base.handbook.guides["campagnes"].roles == ("enseignants", "referent")


def test_a_schools_own_task_for_a_role_it_removed_names_the_removal(academie):
    write_files(
        academie,
        {
            "college-c/content/calendar.yaml": (
                "roles:\n  - id: enseignants\n    retirer: true\nperiodes:\n  - numero: 1\n"
                "    taches:\n      enseignants:\n        - id: tache-a-nous\n"
                "          texte: Une tâche à nous.\n"
            ),
        },
    )
    problems = problems_at(academie / "college-c")
    assert problems == [
        "content/calendar.yaml, ligne 7, champ « periodes › 1 › taches › enseignants » : le rôle "
        "« enseignants » est retiré (content/calendar.yaml, ligne 2) : il n'a plus de tâches ; "
        "retirez aussi celles-ci, ou gardez le rôle"
    ]
