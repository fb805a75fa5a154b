"""Templates: strict undefined names, autoescaping, pages for a fixture site."""

import os
import re
import shutil

import pytest
from checks import broken_links
from conftest import CALENDAR, TEMPLATES, build_at, problems_at

from handbook.site.pages import GUIDES_PER_PRINT_PART


def test_pages_of_a_small_site(project):
    result = build_at(project(), write=False)
    assert set(result.files) >= {
        "index.html",
        "periode-1.html",
        "periode-2.html",
        "role-referent.html",
        "role-eleves.html",
        "guides/index.html",
        "guides/premier.html",
        "guides/second.html",
        "guides/tout-imprimer.html",
        "404.html",
    }
    home = result.files["index.html"].decode()
    assert '<html lang="fr">' in home and 'href="#contenu"' in home
    assert "du lundi 4 septembre au vendredi 20 octobre 2023" in home
    assert "vendredi 27 octobre 2023" in home


def test_guide_page_lists_where_it_is_used(project):
    page = build_at(project(), write=False).files["guides/second.html"].decode()
    assert (
        "Utilisé dans" in page and 'href="../periode-2.html"' in page and "Passer le test." in page
    )


def test_period_page_links_tasks_to_guides_and_neighbours(project):
    page = build_at(project(), write=False).files["periode-1.html"].decode()
    assert '<a href="guides/premier.html">Importer la base.</a>' in page
    assert 'rel="next" href="periode-2.html"' in page and 'rel="prev"' not in page


def test_content_is_escaped(project):
    root = project(
        {
            "content/calendar.yaml": CALENDAR.replace(
                "Se connecter.", "\"<script>alert('x')</script>\""
            )
        }
    )
    page = build_at(root, write=False).files["periode-1.html"].decode()
    assert "<script>alert" not in page and "&lt;script&gt;" in page


def test_undefined_template_variable_fails_the_build_with_its_place(project, tmp_path):
    templates = tmp_path / "gabarits"
    shutil.copytree(TEMPLATES, templates)
    (templates / "404.html").write_text(
        "{% extends 'base.html' %}\n{% block content %}\n{{ titre_mal_ecrit }}\n{% endblock %}\n"
    )
    root = project()
    config = (
        (root / "site_config.yaml").read_text().replace(TEMPLATES.as_posix(), templates.as_posix())
    )
    (root / "site_config.yaml").write_text(config)
    report = "\n".join(problems_at(root))
    assert "gabarits/404.html, ligne 3" in report and "titre_mal_ecrit" in report


def test_a_broken_template_is_reported_once_however_many_pages_use_it(project, tmp_path):
    templates = tmp_path / "gabarits"
    shutil.copytree(TEMPLATES, templates)
    (templates / "partials/footer.html").write_text("<footer>{{ pied_inconnu.texte }}</footer>\n")
    (templates / "guide.html").write_text(
        (templates / "guide.html").read_text().replace("{% endblock %}", "{% endblok %}", 1)
    )
    root = project(
        {
            f"content/guides/g{i}.md": f"---\ntitre: Guide {i}\n---\nVoir [premier](premier.md).\n"
            for i in range(12)
        }
    )
    config = (
        (root / "site_config.yaml").read_text().replace(TEMPLATES.as_posix(), templates.as_posix())
    )
    (root / "site_config.yaml").write_text(config)
    problems = problems_at(root)
    syntax = [problem for problem in problems if "gabarits/guide.html" in problem]
    assert len(syntax) == 1 and "erreur de syntaxe" in syntax[0]
    assert any(
        "gabarits/partials/footer.html, ligne 1" in problem and "pied_inconnu" in problem
        for problem in problems
    )
    assert not (root / "output").exists()


def test_a_template_that_fails_every_page_is_one_message_naming_the_pages(project, tmp_path):
    """A school's own templates written for another version fail every page alike: one message
    with the cause, the first pages and how many others, not one line per page."""
    templates = tmp_path / "gabarits"
    shutil.copytree(TEMPLATES, templates)
    (templates / "partials/footer.html").write_text("<footer>{{ pied_inconnu.texte }}</footer>\n")
    root = project()
    config = (root / "site_config.yaml").read_text()
    (root / "site_config.yaml").write_text(
        config.replace(TEMPLATES.as_posix(), templates.as_posix())
    )
    problems = problems_at(root)
    assert len(problems) == 1, problems
    assert problems[0].startswith("gabarits/partials/footer.html, ligne 1 : le gabarit a échoué ")
    assert "en produisant index.html, periode-1.html et " in problems[0]
    assert " autres pages : « pied_inconnu » n'est pas donné à ce gabarit" in problems[0]


@pytest.mark.skipif(not hasattr(os, "fork"), reason="pas de fork sur ce système")
@pytest.mark.parametrize("broken", ["partials/footer.html", "guide.html", "base.html"])
def test_template_problems_are_the_same_when_pages_are_rendered_in_parallel(
    project, tmp_path, monkeypatch, broken
):
    from handbook.build import workers
    from handbook.site import render

    templates = tmp_path / "gabarits"
    shutil.copytree(TEMPLATES, templates)
    (templates / "partials/footer.html").write_text("<footer>{{ pied_inconnu.texte }}</footer>\n")
    if (
        broken != "partials/footer.html"
    ):  # then a template that cannot be loaded: some pages, or every one
        (templates / broken).write_text(
            (templates / broken).read_text().replace("{% endblock %}", "{% endblok %}", 1)
        )
    root = project(
        {
            f"content/guides/g{i}.md": f"---\ntitre: Guide {i}\n---\nVoir [premier](premier.md).\n"
            for i in range(12)
        }
    )
    config = (
        (root / "site_config.yaml").read_text().replace(TEMPLATES.as_posix(), templates.as_posix())
    )
    (root / "site_config.yaml").write_text(config)
    monkeypatch.setattr(workers, "usable_cpus", lambda: 2)
    monkeypatch.setattr(
        workers, "fork_allowed", lambda: True
    )  # beside the browser tests' waitpid thread too
    monkeypatch.setattr(render, "PARALLEL_FROM", 1)
    forked = []
    original = workers._fork
    monkeypatch.setattr(workers, "_fork", lambda *args: forked.append(1) or original(*args))
    in_parallel = problems_at(root)
    monkeypatch.setattr(workers, "fork_allowed", lambda: False)
    in_process = problems_at(root)
    assert forked and in_parallel == in_process
    assert any(f"gabarits/{broken}" in problem for problem in in_parallel)


def test_no_page_embeds_the_list_of_every_guide(project):
    files = {
        f"content/guides/g{i}.md": f"---\ntitre: Guide numéro {i}\n---\n"
        "Voir [premier](premier.md).\n"
        for i in range(30)
    }
    result = build_at(project(files), write=False)
    for path, html in result.files.items():
        if path.endswith(".html") and path not in (
            "guides/index.html",
            "guides/tout-imprimer.html",
        ):
            assert len(set(re.findall(r"Guide numéro \d+", html.decode()))) <= 1, path


def test_the_calendar_data_is_one_script_that_pages_load_and_the_home_page_keeps_its_own(project):
    import json

    from handbook.site.yeardata import calendar_data

    result = build_at(project(), write=False)
    script = result.files["calendrier.js"].decode()
    assert script.startswith("window.GUIDE_PIX_CALENDRIER=") and script.endswith(";\n")
    assert json.loads(
        script.removeprefix("window.GUIDE_PIX_CALENDRIER=").removesuffix(";\n")
    ) == calendar_data(result.handbook)
    home = result.files["index.html"].decode()
    assert 'id="donnees-calendrier"' in home and '"tasks"' in home and "calendrier.js" not in home
    for path, html in result.files.items():
        if path.endswith(".html") and path != "index.html":
            page = html.decode()
            assert "donnees-calendrier" not in page, path
            assert f'<script src="{"../" * path.count("/")}calendrier.js"></script>' in page, path


def test_not_found_page_works_at_any_depth_when_the_address_is_known(project):
    result = build_at(project(), write=False)
    page = result.files["404.html"].decode()
    assert page.index('<base href="/pix/">') < page.index(
        'href="static/style.css"'
    )  # the base first
    assert "<base" not in result.files["index.html"].decode()


def test_many_guides_are_printed_in_parts_whose_links_all_lead_somewhere(project):
    count = 2 * GUIDES_PER_PRINT_PART + 3
    extra = {
        f"content/guides/g{number:03}.md": f"---\ntitre: Guide {number}\n---\n\n## Étapes\n\n"
        "Voir [le premier](premier.md#etapes) "
        f"et [le suivant](g{(number + 1) % count:03}.md#etapes).\n"
        for number in range(count)
    }
    root = project(extra)
    build_at(root)
    output = root / "output"
    parts = sorted(output.glob("guides/tout-imprimer*.html"))
    assert [path.name for path in parts] == [
        "tout-imprimer-2.html",
        "tout-imprimer-3.html",
        "tout-imprimer.html",
    ]
    printed = [
        re.findall(
            r'<article class="guide printed-guide" aria-labelledby="([^"]+)"', path.read_text()
        )
        for path in parts
    ]
    assert sorted(sum(printed, [])) == sorted(
        ["premier", "second", *(f"g{number:03}" for number in range(count))]
    )
    assert sorted(len(guides) for guides in printed) == [
        5,
        GUIDES_PER_PRINT_PART,
        GUIDES_PER_PRINT_PART,
    ]
    last = (output / "guides/tout-imprimer-3.html").read_text()
    assert "partie 3 sur 3" in last and 'href="tout-imprimer.html#premier-etapes"' in last
    assert (
        '<a rel="prev" href="tout-imprimer-2.html">partie 2</a>' in last
        and 'rel="next"' not in last
    )
    assert '<a href="tout-imprimer-3.html" aria-current="page">Partie 3</a>' in last
    checked, problems = broken_links(output)
    assert problems == [] and checked > 4 * count


def test_a_checklist_box_is_keyed_by_the_task_id_when_it_has_one(project):
    with_id = CALENDAR.replace(
        "        - texte: Importer la base.\n",
        "        - id: importer-base\n          texte: Importer la base.\n",
    )
    page = build_at(project(), write=False).files["role-referent.html"].decode()
    keys = re.findall(r'data-task="([^"]+)"', page)
    assert len(keys) == 2 and all(re.fullmatch(r"[0-9a-f]{12}", key) for key in keys)
    page = (
        build_at(project({"content/calendar.yaml": with_id}), write=False)
        .files["role-referent.html"]
        .decode()
    )
    assert re.findall(r'data-task="([^"]+)"', page) == ["id-importer-base", keys[1]]
    assert 'id="t-id-importer-base"' in page and 'for="t-id-importer-base"' in page


def test_a_task_id_given_twice_in_the_calendar_fails_the_build_naming_both_places(project):
    twice = CALENDAR.replace(
        "        - texte: Importer la base.\n",
        "        - id: bilan\n          texte: Importer la base.\n",
    ).replace(
        "        - texte: Passer le test.\n", "        - id: bilan\n          texte: Passer.\n"
    )
    assert problems_at(project({"content/calendar.yaml": twice})) == [
        "content/calendar.yaml, ligne 24, champ « periodes › 2 › taches › eleves › 1 › id » : "
        "l'identifiant « bilan » est déjà celui d'une autre tâche (ligne 12, champ « periodes › 1 "
        "› taches › referent › 1 › id ») ; donnez à chaque tâche un « id: » différent"
    ]
