"""check/links.py: the checks across files, value in, problems out."""

from __future__ import annotations

from check_values import body_of, guide_file, messages, warnings

from handbook.check import links
from handbook.check.guide import parsed_guide
from handbook.model import Domain, Period, Role, Task
from handbook.problems import Report

ROLES = [Role("referent", "Référent Pix", "")]


def guide(name: str, body: str, title: str = "Un guide", front: str = ""):
    file = guide_file(name, f"---\ntitre: {title}\n{front}---\n\n{body}")
    return file, parsed_guide(file, body_of(file), ROLES, Report())


def by_slug(*guides) -> dict:
    return {parsed.guide.slug: parsed for _, parsed in guides}


def test_two_guides_for_one_page_and_reserved_names_are_refused():
    report = Report()
    first, twin = guide("Premier", "Texte."), guide("premier", "Texte.")
    broken = (guide_file("casse", "pas d'en-tête"), None)
    reserved = guide("index", "Texte.")
    guides, broken_slugs = links.guides_by_slug([first, twin, broken, reserved], report)
    assert list(guides) == ["premier"] and broken_slugs == {"casse"}
    assert messages(report) == [
        "content/guides/premier.md, ligne 1 : ce guide aurait la même adresse "
        "(guides/premier.html) que content/guides/Premier.md ; renommez l'un des deux fichiers",
        "content/guides/index.md, ligne 1 : le nom « index » est réservé par le site ; renommez "
        "le fichier",
    ]


def test_links_to_guides_and_anchors_must_lead_somewhere():
    report = Report()
    guides = by_slug(
        guide("premier", "[a](second.md#Étapes) [b](absent.md) [c](casse.md) [d](#nulle-part)\n"),
        guide("second", "## Étapes\n\n## Fin\n"),
    )
    links.check_guide_links(guides, {"casse"}, report)
    assert messages(report) == [
        "content/guides/premier.md, ligne 5 : lien vers « second.md#Étapes » : le guide second "
        "n'a pas de titre dont l'ancre est #Étapes ; les ancres s'écrivent sans accents ni "
        "majuscules, les mots séparés par « - » : écrivez second.md#etapes",
        "content/guides/premier.md, ligne 5 : lien vers « absent.md » : aucun guide "
        "content/guides/absent.md",
        "content/guides/premier.md, ligne 5 : lien vers « #nulle-part » : aucun titre de ce "
        "guide n'a cette ancre ; ce guide n'a aucun titre « ## » vers lequel renvoyer",
    ]


def test_the_anchors_shown_are_at_most_thirty():
    existing = dict.fromkeys(f"titre-{number}" for number in range(40))
    advice = links.anchor_advice("x.md#autre", "autre", existing, "de x")
    assert advice.endswith(", #titre-29 (et 10 autres)") and "#titre-30" not in advice


def test_links_to_files_must_lead_to_published_files():
    report = Report()
    guides = by_slug(
        guide("premier", "[a](../fichiers/ok.pdf) [b](../fichiers/absent.pdf) [c](../secret.txt)"),
        guide("second", "[d](premier.html#haut)"),
    )
    files = frozenset({"fichiers/ok.pdf", "secret.txt"})
    links.check_local_files(guides, "content", files, report)
    assert messages(report) == [
        "content/guides/premier.md, ligne 5 : lien vers « ../fichiers/absent.pdf » : ce fichier "
        "n'existe pas dans content/",
        "content/guides/premier.md, ligne 5 : lien vers « ../secret.txt » : seuls les fichiers de "
        "content/fichiers/ sont publiés ; placez-y le fichier et écrivez le lien "
        "../fichiers/nom-du-fichier",
        "content/guides/second.md, ligne 5 : lien vers « premier.html#haut » : un lien vers un "
        "guide s'écrit avec le nom de son fichier : premier.md#haut",
    ]


def test_a_task_tied_to_a_guide_that_does_not_exist_is_named():
    report = Report()
    tasks = [Task("Importer.", "referent", 2, ("importer-bsae", "bilan"), 12)]
    used = links.check_task_guides("content/calendar.yaml", tasks, {"importer-base"}, report)
    assert used == {"importer-bsae", "bilan"}
    assert messages(report) == [
        "content/calendar.yaml, ligne 12, champ « periodes › 2 › taches › referent › guide » : la "
        "tâche « Importer. » renvoie au guide « importer-bsae », qui n'existe pas (aucun fichier "
        "content/guides/importer-bsae.md) (vouliez-vous écrire « importer-base » ?)",
        "content/calendar.yaml, ligne 12, champ « periodes › 2 › taches › referent › guide » : la "
        "tâche « Importer. » renvoie au guide « bilan », qui n'existe pas (aucun fichier "
        "content/guides/bilan.md)",
    ]


def test_the_competences_format_needs_the_competences_file():
    report = Report()
    guides = by_slug(guide("fiches", "Texte.", front="format: competences\n"))
    links.check_formats(guides, [Domain(1, "Information", ())], report)
    assert report.errors == []
    links.check_formats(guides, [], report)
    assert messages(report) == [
        "content/guides/fiches.md, champ « format » : le format competences affiche les fiches "
        "de content/competences.yaml, qui manque ou ne contient aucun domaine"
    ]


def test_roles_without_tasks_and_guides_nothing_leads_to_are_warnings():
    report = Report()
    guides = by_slug(guide("premier", "[second](second.md)"), guide("second", "Texte."))
    periods = [Period(1, "Période 1", None, None, {"referent": ()}, ())]
    roles = [*ROLES, Role("eleves", "Élèves", "")]
    links.warn_unused("content/calendar.yaml", roles, periods, guides, set(), report)
    assert warnings(report) == [
        "content/calendar.yaml, champ « roles » : le rôle « referent » n'a aucune tâche",
        "content/calendar.yaml, champ « roles » : le rôle « eleves » n'a aucune tâche",
        "content/guides/premier.md : aucune tâche du calendrier ni aucun autre guide ne renvoie à "
        "ce guide : les lecteurs ne le trouveront que par l'index des guides",
    ]
    assert report.errors == []
