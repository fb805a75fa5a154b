"""Guides quote the calendar: {période N}, {début/fin période N}, {jalon ID}, {année scolaire},
{rentrée}."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from conftest import BASE_FILES, CALENDAR, CONFIG, FIRST_GUIDE, build_at, problems_at, write_files

from handbook.read.references import scan

ROOT = Path(__file__).resolve().parents[1]
CALENDAR_WITH_ID = CALENDAR  # its milestone has the id fin-campagnes


def guide_with(text: str) -> str:
    return FIRST_GUIDE + "\n" + text + "\n"


def page_text(root: Path, slug: str = "premier") -> str:
    return (root / "out" / "guides" / f"{slug}.html").read_text(encoding="utf-8")


def test_each_reference_is_written_in_french(project):
    root = project(
        {
            "site_config.yaml": CONFIG + "zone_vacances: C\n",
            "content/calendar.yaml": CALENDAR_WITH_ID,
            "content/guides/premier.md": guide_with(
                "A {période 2}. B {periode 1}. C {début période 2}. D {Fin  Période 2}."
                " E {jalon fin-campagnes}. F {année scolaire}. G {rentrée}. H {rentree}."
            ),
        }
    )
    build_at(root, output=root / "out")
    text = page_text(root)
    assert "A du lundi 6 novembre au vendredi 15 décembre 2023." in text
    assert "B du lundi 4 septembre au vendredi 20 octobre 2023." in text
    assert "C lundi 6 novembre 2023. D vendredi 15 décembre 2023." in text
    assert (
        "E vendredi 27 octobre 2023. F 2023-2024. G lundi 4 septembre 2023. H lundi 4 septembre "
        "2023." in text
    )
    assert "{" not in re.sub(r"<script.*?</script>", "", text, flags=re.S).split("<main", 1)[1]


def test_holidays_of_the_zone_are_quoted_too(project):
    root = project(
        {
            "site_config.yaml": CONFIG + "zone_vacances: C\n",
            "content/guides/premier.md": guide_with(
                "A {vacances Toussaint}. B {début vacances hiver}. C {vacances d'été}."
                " D {vacances Ascension}."
            ),
        }
    )
    build_at(root, output=root / "out")
    text = page_text(root)
    assert "A du samedi 21 octobre au dimanche 5 novembre 2023. B samedi 10 février 2024." in text
    assert (
        "C à partir du samedi 6 juillet 2024. D du mercredi 8 mai au dimanche 12 mai 2024." in text
    )
    root = project(
        {
            "site_config.yaml": CONFIG + "zone_vacances: C\n",
            "content/guides/premier.md": guide_with("{vacances Pâques}"),
        }
    )
    assert any(
        "premier.md, ligne 13 : {vacances Pâques} : aucunes vacances de 2023-2024 ne portent "
        "ce nom ; écrivez par exemple {vacances Toussaint}" in p
        for p in problems_at(root, write=False)
    )


def test_the_last_school_day_before_holidays_is_quoted(project):
    """{veille vacances …}: the last day with classes before them (the teachers' deadline), whatever
    the year."""
    root = project(
        {
            "site_config.yaml": CONFIG + "zone_vacances: C\n",
            "content/guides/premier.md": guide_with(
                "A {veille vacances Toussaint}. B {veille vacances hiver}."
                " C {veille vacances Ascension}."
            ),
        }
    )
    build_at(root, output=root / "out")
    text = page_text(root)
    # Toussaint from Saturday 21 October 2023; winter C from Saturday 10 February 2024; the
    # Ascension pont from Wednesday 8 May 2024 (a public holiday itself): the day before is Tuesday
    # 7 May
    assert "A vendredi 20 octobre 2023. B vendredi 9 février 2024. C mardi 7 mai 2024." in text


def test_a_one_day_period_is_quoted_as_one_day(project):
    calendar = (
        CALENDAR.replace(
            "debut: 06/11/2023\n    fin: 15/12/2023", "debut: 14/11/2024\n    fin: 14/11/2024"
        )
        .replace("2023-10-27", "2024-10-27")
        .replace("2023-10-20", "2024-10-20")
        .replace("2023-09-04", "2024-09-04")
    )
    root = project(
        {
            "site_config.yaml": CONFIG.replace("2023-2024", "2024-2025"),
            "content/calendar.yaml": calendar,
            "content/guides/premier.md": guide_with("Le jour : {période 2}."),
        }
    )
    build_at(root, output=root / "out")
    assert "Le jour\u00a0: le jeudi 14 novembre 2024." in page_text(root)


def test_changing_a_period_changes_every_guide_that_quotes_it(project):
    files = {
        "content/guides/premier.md": guide_with("Premier : {période 2}."),
        "content/guides/second.md": (
            "---\ntitre: Second guide\n---\n\n## Étapes\n\n"
            "Second : {fin période 2}.\nRevenir au [premier](premier.md).\n"
        ),
    }
    root = project(files)
    build_at(root, output=root / "out")
    assert "du lundi 6 novembre au vendredi 15 décembre 2023" in page_text(root)
    assert "Second\u00a0: vendredi 15 décembre 2023." in page_text(root, "second")
    project(
        {**files, "content/calendar.yaml": CALENDAR.replace("fin: 15/12/2023", "fin: 22/12/2023")}
    )
    build_at(root, output=root / "out")
    assert "du lundi 6 novembre au vendredi 22 décembre 2023" in page_text(root)
    assert "Second\u00a0: vendredi 22 décembre 2023." in page_text(root, "second")
    printed = (root / "out" / "guides" / "tout-imprimer.html").read_text(encoding="utf-8")
    assert "vendredi 22 décembre 2023" in printed and "15 décembre" not in printed


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "{période 9}",
            "premier.md, ligne 13 : {période 9} : "
            "le calendrier n'a pas de période 9 (périodes : 1, 2)",
        ),
        (
            "{jalon inconnu}",
            "premier.md, ligne 13 : {jalon inconnu} : aucun jalon n'a l'identifiant « inconnu »",
        ),
        (
            "{semaine 3}",
            "premier.md, ligne 13 : {semaine 3} : "
            "référence inconnue ; écrivez l'une de : {période N}",
        ),
        (
            "{rentrée}",
            "{rentrée} : la date de la rentrée n'est pas connue ; indiquez « zone_vacances: »",
        ),
    ],
)
def test_an_unknown_reference_is_an_error_with_file_and_line(project, text, expected):
    root = project({"content/guides/premier.md": guide_with(text)})
    problems = problems_at(root, output=root / "out")
    assert any(expected in problem for problem in problems), problems
    assert not (root / "out").exists()


def test_a_calendar_date_written_in_full_is_a_warning_naming_the_reference(project):
    root = project(
        {
            "content/calendar.yaml": CALENDAR_WITH_ID,
            "content/guides/premier.md": guide_with(
                "Fin le 27 octobre 2023, ou le 15/12/2023, pas le 3 mai 2024."
            ),
        }
    )
    warnings = [str(w) for w in build_at(root, output=root / "out").warnings]
    assert any(
        "premier.md, ligne 13 : « 27 octobre 2023 » est une date du calendrier : "
        "écrivez {jalon fin-campagnes}" in w
        for w in warnings
    )
    assert any(
        "« 15/12/2023 » est une date du calendrier : écrivez {fin période 2}" in w for w in warnings
    )
    assert not any("3 mai 2024" in w for w in warnings)
    assert any("{jalon fin-campagnes}" in p for p in problems_at(root, strict=True, write=False))


def test_no_shipped_guide_writes_a_calendar_date_in_full(real_site):
    assert not real_site.warnings
    handbook = real_site.handbook
    calendar_days = {m.date for m in handbook.milestones} | {
        d for p in handbook.periods for d in (p.start, p.end)
    }
    for path in (ROOT / "content" / "guides").glob("*.md"):
        _, written = scan(path.read_text(encoding="utf-8"), 1)
        assert not [w for w in written if w.day in calendar_days], path.name


def test_braces_that_are_no_reference_are_left_alone():
    references, _ = scan("Un ensemble {1, 2} et un objet { }.", 1)
    assert references == ()


def test_rules_of_an_older_year_are_reported_and_shown_to_the_referent(project):
    guide = FIRST_GUIDE.replace("roles: [referent]", "roles: [referent]\nregles: 2022-2023")
    root = project({"content/guides/premier.md": guide})
    warnings = [str(w) for w in build_at(root, output=root / "out").warnings]
    assert any(
        "1 guide à relire pour 2023-2024" in w and "content/guides/premier.md (2022-2023)" in w
        for w in warnings
    )
    assert "À relire pour 2023-2024\u00a0:" in page_text(root)
    current = FIRST_GUIDE.replace("roles: [referent]", "roles: [referent]\nregles: 2023-2024")
    root = project({"content/guides/premier.md": current})
    build_at(root, output=root / "out")
    assert "À relire" not in page_text(root) and "Règles de l'année 2023-2024." in page_text(root)


@pytest.mark.parametrize(
    "mistake, reported",
    [
        (
            ("    debut: 2023-09-04", "\tdebut: 2023-09-04"),
            "calendar.yaml, ligne 8 : le YAML est mal formé : une tabulation",
        ),
        (
            ("debut: 2023-09-04", "debut: 2023-09-44"),
            "calendar.yaml, ligne 8, champ « periodes › 1 › debut »",
        ),
    ],
)
def test_a_calendar_with_errors_does_not_make_every_reference_to_it_an_error_too(
    project, mistake, reported
):
    # The period or milestone a guide quotes is in the file, but the build could not read it: only
    # the calendar's own error is reported, with the references that do not depend on it.
    root = project(
        {
            "content/calendar.yaml": CALENDAR_WITH_ID.replace(*mistake),
            "content/guides/premier.md": guide_with(
                "{période 1} {fin période 2} {jalon fin-campagnes} {semaine 3}"
            ),
        }
    )
    problems = problems_at(root, write=False)
    assert any(reported in problem for problem in problems), problems
    assert any("{semaine 3} : référence inconnue" in problem for problem in problems), problems
    assert not any(
        "{période 1}" in p or "{fin période 2}" in p or "{jalon fin-campagnes}" in p
        for p in problems
    ), problems


def test_the_school_references_are_found_with_or_without_accents():
    references, _ = scan("{établissement}\n{Etablissement} {référent}\n{contact referent}", 7)
    assert [(r.kind, r.line) for r in references] == [
        ("etablissement", 7),
        ("etablissement", 8),
        ("referent", 8),
        ("contact-referent", 9),
    ]
    assert scan("{nom du référent}", 1)[0][0].kind == ""  # unknown: an error, listing the forms


REFERENT = "nom_referent: M. Martin\ncontact_referent: pix@college-des-tests.fr\n"
QUOTING_SCHOOL = FIRST_GUIDE.replace("titre: Premier guide", "titre: Pix au {établissement}")


def test_a_guide_quotes_the_school_and_its_referent_from_the_configuration(project):
    guide = QUOTING_SCHOOL + "\nÉcrivez à {référent} ({contact référent}), {etablissement}.\n"
    root = project({"site_config.yaml": CONFIG + REFERENT, "content/guides/premier.md": guide})
    build_at(root, output=root / "out")
    text = page_text(root)
    assert "Pix au Collège des Tests" in text
    assert "Écrivez à M. Martin (pix@college-des-tests.fr), Collège des Tests." in text
    assert "{" not in re.sub(r"<script.*?</script>", "", text, flags=re.S).split("<main", 1)[1]
    other = REFERENT.replace("M. Martin", "M. Durand & Mme Roy")
    project({"site_config.yaml": CONFIG + other, "content/guides/premier.md": guide})
    build_at(root, output=root / "out")  # the same output folder: the page is made again
    assert "Écrivez à M. Durand &amp; Mme Roy (pix@college-des-tests.fr)" in page_text(root)


def test_a_referent_the_configuration_does_not_name_is_an_error_saying_what_to_add(project):
    root = project({"content/guides/premier.md": guide_with("Contact : {contact référent}.")})
    problems = problems_at(root, output=root / "out")
    assert (
        "content/guides/premier.md, ligne 13 : {contact référent} : le guide cite le moyen de "
        "joindre le référent Pix, que site_config.yaml ne donne pas ; ajoutez-y l'option "
        "« contact_referent: », par exemple « contact_referent: messagerie de l'ENT »"
    ) in problems
    assert not (root / "out").exists()


def test_no_shipped_guide_keeps_a_placeholder_in_brackets(real_site):
    """What a school writes in its guides is quoted ({établissement}, {référent}…), never left as
    « [nom du référent] » for the référent to fill in by hand."""
    for guide in real_site.handbook.guides.values():
        shown = re.sub(r"<(pre|code)\b.*?</\1>", "", guide.body, flags=re.S)
        text = html.unescape(re.sub(r"<[^>]*>", "", shown))
        assert not re.findall(r"\[[^\[\]]*\]", text), guide.slug
    page = (real_site.config.output_dir / "guides" / "mail-familles.html").read_text("utf-8")
    assert "M. Martin, référent Pix, Collège Jean Moulin" in page


BASE_GUIDE = FIRST_GUIDE + "\nContact : {référent} ({contact référent}), {établissement}.\n"


def base_quoting_the_school(root: Path) -> None:
    """A base whose guide quotes the school; it names its own référent, to build alone."""
    files = {"content/guides/premier.md": BASE_GUIDE, "site_config.yaml": CONFIG + REFERENT}
    write_files(root / "base", {**BASE_FILES, **files})
    build_at(root / "base", output=root / "base" / "out")


def test_one_base_guide_serves_every_school_with_its_own_values(tmp_path):
    """A base's guide quotes the school: each school's page shows its own name and référent, never
    another's."""
    base_quoting_the_school(tmp_path)
    schools = {
        "college-a": ("Collège Alpha", "Mme Roy", "roy@alpha.fr"),
        "college-b": ("Collège Bêta", "M. Diallo", "messagerie de l'ENT"),
    }
    for folder, (name, referent, contact) in schools.items():
        write_files(
            tmp_path / folder,
            {
                "site_config.yaml": f"base: ../base\netablissement: {name}\n"
                f"nom_referent: {referent}\ncontact_referent: {contact}\n"
            },
        )
    for folder, (name, referent, contact) in schools.items():
        build_at(tmp_path / folder, output=tmp_path / folder / "out")
        text = page_text(tmp_path / folder)
        assert f"Contact\u00a0: {referent} ({contact}), {name}." in text, folder
        others = [value for school in schools.values() for value in school if value not in text]
        assert len(others) == 3, folder  # the other school's three values
        assert "M. Martin" not in text  # the base's référent


def test_a_school_that_does_not_name_its_referent_is_told_to_at_the_base_guides_line(tmp_path):
    base_quoting_the_school(tmp_path)
    write_files(tmp_path / "college-c", {"site_config.yaml": "base: ../base\netablissement: C\n"})
    problems = problems_at(tmp_path / "college-c", write=False)
    assert [p.split(" : le guide cite")[0] for p in problems] == [
        "../base/content/guides/premier.md, ligne 13 : {référent}",
        "../base/content/guides/premier.md, ligne 13 : {contact référent}",
    ]
