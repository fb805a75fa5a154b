"""A page reused from the previous build is the page a clean build makes: whatever a template shows,
whatever field of the content changes (page keys made from each page's context, build/keys.py)."""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from conftest import ROOT, SECOND_GUIDE, TEMPLATES, build_at, problems_at, snapshot, write_files
from test_serve import rebuilder

from handbook.build.keys import Fingerprints

# « Voir aussi »: the titles of the guides a guide links to, which its own file does not hold.
SEE_ALSO = (
    '{% if guide.linked_slugs %}<aside class="see-also"><p>Voir aussi :</p><ul>'
    "{% for slug in guide.linked_slugs|sort %}<li>{{ guides[slug].title }}</li>{% endfor %}"
    "</ul></aside>{% endif %}\n"
)


def with_see_also(root: Path) -> Path:
    """A templates folder of the site's own: the shipped one, with « Voir aussi » on guide pages."""
    templates = root / "gabarits"
    shutil.copytree(TEMPLATES, templates)
    guide = templates / "guide.html"
    text = guide.read_text(encoding="utf-8")
    guide.write_text(text.replace("</article>", SEE_ALSO + "</article>"), encoding="utf-8")
    config = root / "site_config.yaml"
    config.write_text(config.read_text().replace(TEMPLATES.as_posix(), templates.as_posix()))
    return templates


RENAMED = {
    "content/guides/second.md": SECOND_GUIDE.replace("titre: Second guide", "titre: Guide renommé")
}


def test_renaming_a_guide_updates_the_pages_that_list_it(project, tmp_path):
    root = project()
    with_see_also(root)
    build_at(root)
    assert "<li>Second guide</li>" in (root / "output/guides/premier.html").read_text()
    write_files(root, RENAMED)
    build_at(root)
    assert "<li>Guide renommé</li>" in (root / "output/guides/premier.html").read_text()
    build_at(root, output=tmp_path / "propre", reuse=False)
    assert snapshot(root / "output") == snapshot(tmp_path / "propre")


def test_renaming_a_guide_updates_the_pages_that_list_it_in_serve(project, tmp_path):
    root = project()
    with_see_also(root)
    rebuild = rebuilder(root, tmp_path / "serve")
    rebuild()
    write_files(root, RENAMED)
    rebuild()
    assert "<li>Guide renommé</li>" in (tmp_path / "serve/guides/premier.html").read_text()
    build_at(root, output=tmp_path / "propre", reuse=False)
    assert snapshot(tmp_path / "serve") == snapshot(tmp_path / "propre")


GOLDEN = ROOT / "tests/fixtures"
# Each field of the two golden sites, changed once: (file, text as it is, text it becomes).
EDITS = {
    "golden": [
        ("site_config.yaml", "titre: Guide Pix de test", "titre: Guide Pix d'essai"),
        ("site_config.yaml", "etablissement: Collège « Les Tilleuls »", "etablissement: Collège B"),
        ("site_config.yaml", "uai: 0999999Z", "uai: 0999998Y"),
        ("site_config.yaml", "url_publique: https://intranet.exemple.fr/pix/", ""),
        ("site_config.yaml", "uai:", "conformite_rgaa: partiellement conforme\nuai:"),
        ("site_config.yaml", "uai:", "contact_accessibilite: acces@exemple.fr\nuai:"),
        ("content/calendar.yaml", "nom: Référent Pix", "nom: Référente Pix"),
        ("content/calendar.yaml", "description: Pilote Pix", "description: Mène Pix"),
        ("content/calendar.yaml", "nom: Enseignants", "nom: Professeurs"),
        ("content/calendar.yaml", "titre: Certification", "titre: Certifier"),
        ("content/calendar.yaml", "  - numero: 1\n", "  - numero: 1\n    titre: Rentrée\n"),
        ("content/calendar.yaml", "debut: 02/09/2024", "debut: 03/09/2024"),
        ("content/calendar.yaml", "fin: 18/10/2024", "fin: 17/10/2024"),
        ("content/calendar.yaml", "debut: 04/11/2024", "debut: 05/11/2024"),
        ("content/calendar.yaml", "fin: 20/12/2024", "fin: 19/12/2024"),
        ("content/calendar.yaml", "se font en classe.", "se font en salle."),
        ("content/calendar.yaml", "Importer la base élèves.", "Importer la base."),
        ("content/calendar.yaml", "une tâche avec deux-points.", "une autre tâche."),
        ("content/calendar.yaml", "guide: [presentation, importer]", "guide: presentation"),
        ("content/calendar.yaml", "Surveiller les sessions.", "Surveiller."),
        ("content/calendar.yaml", "date: 25/10/2024", "date: 24/10/2024"),
        ("content/calendar.yaml", "titre: Fin des campagnes", "titre: Clôture des campagnes"),
        ("content/calendar.yaml", "de rentrée\n", "de rentrée\n    a_confirmer: true\n"),
        ("content/competences.yaml", "nom: Information et données", "nom: Information"),
        ("content/competences.yaml", "nom: Gérer des données", "nom: Traiter des données"),
        ("content/competences.yaml", "[Mathématiques]", "[Mathématiques, SVT]"),
        ("content/guides/importer.md", "titre: Importer la base élèves", "titre: Importer"),
        ("content/guides/importer.md", "en quatre étapes.", "en trois étapes."),
        ("content/guides/importer.md", "regles: 2024-2025", "regles: 2023-2024"),
        ("content/guides/importer.md", "Exporter depuis", "Exporter enfin depuis"),
        ("content/guides/presentation.md", "titre: Présenter Pix", "titre: Montrer Pix"),
        ("content/guides/presentation.md", "Pour les élèves", "Pour tous les élèves"),
        ("content/guides/competences.md", "titre: Répartir", "titre: Partager"),
        ("content/fichiers/plan.txt", "", "Une ligne de plus.\n"),
    ],
    "golden-annee": [
        ("site_config.yaml", "zone_vacances: B", "zone_vacances: A"),
        ("site_config.yaml", "uai:", "alsace_moselle: oui\nuai:"),
        ("content/calendar.yaml", "titre: Rentrée", "titre: Début d'année"),
        ("content/calendar.yaml", "debut: 02/11/2026", "debut: 03/11/2026"),
        ("content/calendar.yaml", "fin: 18/12/2026", "fin: 17/12/2026"),
        ("content/calendar.yaml", "date: 16/10/2026", "date: 15/10/2026"),
        ("content/calendar.yaml", "    date_voulue: true\n", ""),
        ("content/calendar.yaml", "Préparer la rentrée.", "Préparer l'année."),
        ("content/guides/rentree.md", "titre: Préparer la rentrée", "titre: Préparer"),
        ("content/annees/2025-2026/calendar.yaml", "nom: Élèves", "nom: Lycéens"),
        ("content/annees/2025-2026/calendar.yaml", "fin: 17/10/2025", "fin: 16/10/2025"),
        ("content/annees/2025-2026/calendar.yaml", "Activer son compte", "Ouvrir son compte"),
        ("content/annees/2025-2026/calendar.yaml", "titre: Fin des", "titre: Clôture des"),
    ],
}


def golden_copy(name: str, root: Path) -> Path:
    shutil.copytree(GOLDEN / name / "site", root)
    config = root / "site_config.yaml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("../../../../templates", TEMPLATES.as_posix()), "utf-8")
    return root


def holidays_moved(root: Path) -> str:
    """A content/vacances.yaml that moves the 2026-2027 Toussaint holidays by a day."""
    import yaml

    shipped = yaml.safe_load((ROOT / "handbook/data/vacances-scolaires.yaml").read_text("utf-8"))
    year = shipped["annees"]["2026-2027"]
    toussaint = year["vacances"][0]
    assert toussaint["nom"] == "vacances de la Toussaint"
    toussaint["au"] -= dt.timedelta(days=1)
    return yaml.safe_dump({"annees": {"2026-2027": year}}, allow_unicode=True)


@pytest.mark.parametrize("name", EDITS)
def test_each_field_changed_once_gives_the_clean_builds_site(name, tmp_path):
    root = golden_copy(name, tmp_path / "site")
    edits = [(path, "", None) for path in ["content/vacances.yaml"] if name == "golden-annee"]
    build_at(root)
    for path, before, after in EDITS[name] + edits:
        file = root / path
        text = file.read_text(encoding="utf-8") if file.exists() else ""
        assert before in text, (path, before)
        after = holidays_moved(root) if after is None else after
        file.write_text(text.replace(before, after, 1), encoding="utf-8")
        build_at(root)
        build_at(root, output=tmp_path / "propre", reuse=False)
        assert snapshot(root / "output") == snapshot(tmp_path / "propre"), (path, after)


def test_a_template_given_no_such_value_fails_the_build_instead_of_showing_a_stale_one(project):
    """Templates receive their context, not the whole handbook: what a key cannot see, they cannot
    show."""
    root = project()
    templates = with_see_also(root)
    guide = templates / "guide.html"
    guide.write_text(guide.read_text().replace("guides[slug].title", "handbook.guides[slug].title"))
    problems = problems_at(root)
    assert any("gabarits/guide.html" in problem and "handbook" in problem for problem in problems)


@dataclass(frozen=True)
class Shown:
    title: str
    tags: frozenset
    body: str = field(default="", repr=False)
    digest: str = ""


@dataclass(frozen=True)
class Hidden:
    title: str
    body: str = field(default="", repr=False)


def test_fingerprints_follow_what_values_hold():
    fingerprints = Fingerprints()
    same = Fingerprints()
    value = {"a": [1, "1", True, None, dt.date(2024, 9, 2), Path("x")]}
    assert fingerprints.of(value) == same.of(
        {"a": [1, "1", True, None, dt.date(2024, 9, 2), Path("x")]}
    )
    assert fingerprints.of([1]) != fingerprints.of(["1"]) != fingerprints.of([True])
    assert fingerprints.of({"a": 1, "b": 2}) != fingerprints.of({"b": 2, "a": 1})  # order shows
    assert fingerprints.of(frozenset({"b", "a"})) == same.of(frozenset({"a", "b"}))
    assert fingerprints.of(Shown("t", frozenset(), "x", "d1")) == fingerprints.of(
        Shown("t", frozenset(), "y", "d1")
    )  # the body is left to the digest
    assert fingerprints.of(Shown("t", frozenset(), "x", "d1")) != fingerprints.of(
        Shown("t", frozenset(), "x", "d2")
    )
    with pytest.raises(TypeError):
        fingerprints.of(Hidden("t"))  # a field out of repr, and no digest to cover it
    with pytest.raises(TypeError):
        fingerprints.of(object())


def test_fingerprints_remember_the_objects_of_the_last_build_only():
    fingerprints = Fingerprints()
    kept = Shown("t", frozenset({"a"}))
    first = fingerprints.of([kept])
    fingerprints.forget_unused()
    assert fingerprints.of([kept]) == first
    fingerprints.forget_unused()
    fingerprints.forget_unused()
    assert not fingerprints._known  # noqa: SLF001 - nothing met since: nothing kept alive


@dataclass(frozen=True)
class Item:
    name: str
    size: int


def test_an_output_key_from_the_memo_is_that_of_a_fresh_count():
    """Contexts made afresh at each build, one change at a time: from the same objects, from equal
    new ones, with an object changed, reordered, a value's type changed. The key of a Fingerprints
    that remembers the earlier builds is always that of a Fingerprints that saw none."""
    import random

    rng = random.Random(28)
    pool = [Item(f"n{number % 5}", number % 3) for number in range(6)]
    state = {"site": "s1", "count": 1, "flag": 1, "order": False, "named": 0, "pairs": False}
    remembering, keys, hits = Fingerprints(), set(), 0
    for _ in range(600):
        change = rng.randrange(9)
        if change == 0:  # an object replaced by a new one, equal or not
            pool[rng.randrange(len(pool))] = Item(f"n{rng.randrange(5)}", rng.randrange(3))
        elif change == 1:
            pool.insert(rng.randrange(len(pool)), pool.pop(rng.randrange(len(pool))))
        elif change == 2:
            state["count"] = rng.choice([1, True, 1.0, "1", None, dt.date(2024, 9, 2), 0])
        elif change == 3:
            state["order"] = not state["order"]
        elif change == 4:
            state["site"] = rng.choice(["s1", "s2"])
        elif change == 5:
            state["named"] = rng.randrange(2)
        elif change == 6:
            state["pairs"] = not state["pairs"]
        elif change == 7:
            state["flag"] = rng.choice([1, True, 0, False, "1"])
        context = {  # made afresh, as pages are at each build
            "item": pool[0],
            "items": list(pool[:3]),
            "kept": tuple(pool[2:5]),
            "named": {f"{item.name}{state['named']}": item for item in pool[1:4]},
            "count": state["count"],
            "flags": [state["flag"], *pool[: state["named"] + 1]],
        }
        if state["pairs"]:  # nested containers: in the outline at any depth
            context["pairs"] = [(item.name, item) for item in pool[:2]]
            context["table"] = {item.name: [item, (item.size, [item.name])] for item in pool[3:5]}
        if state["order"]:
            context = dict(reversed(list(context.items())))
        key = remembering.output(state["site"], ("page.html", "Titre"), context)
        assert key == Fingerprints().output(state["site"], ("page.html", "Titre"), context)
        hits += key in keys
        keys.add(key)
        if rng.random() < 0.7:
            remembering.forget_unused()  # the end of a build
    assert len(keys) > 50 and hits > 200  # both new and remembered contexts were met


def test_an_output_key_from_the_memo_tells_apart_contexts_of_the_same_members():
    """The same members in turn, held otherwise: never the key of the other context."""
    item = Item("n", 1)
    remembering = Fingerprints()
    shapes = [
        {"a": [], "b": [item]},
        {"a": ["b", item]},
        {"a": ("b", item)},
        {"a": {"b": item}},
        {"a": [["b", item]]},
        {"a": [["b"], item]},
        {"a": [2, "b", item]},
        {"a": [(2, "b"), item]},
        {"a": [{"b": item}]},
        {"a": [{"b": [item]}]},
        {"a": [[], [item]]},
        {"a": [[item], []]},
    ]
    for context in shapes * 2:
        key = remembering.output("s", ("page.html", "Titre"), context)
        assert key == Fingerprints().output("s", ("page.html", "Titre"), context)
        remembering.forget_unused()


def test_an_output_key_of_nested_containers_comes_from_the_memo(monkeypatch):
    """Contexts of lists of tuples, of dicts of lists (a print part's guides and anchors, the home
    page's periods): made afresh of the same objects, their key is taken from the memo, without
    digesting them again; a change deep inside is seen."""
    items = [Item(f"n{number}", number) for number in range(4)]

    def context(size: int) -> dict:
        return {
            "pairs": [(f"#{item.name}", item) for item in items],
            "periods": {"p1": [(item, [item.name, item.size]) for item in items[:2]]},
            "size": size,
            "last": (items[-1], ("x", [size])),
        }

    remembering = Fingerprints()
    first = remembering.output("s", ("page.html", "Titre"), context(1))
    remembering.forget_unused()
    digested = []
    monkeypatch.setattr(Fingerprints, "of", lambda self, value: digested.append(value) or "refait")
    assert remembering.output("s", ("page.html", "Titre"), context(1)) == first
    assert digested == []
    assert remembering.output("s", ("page.html", "Titre"), context(2)) == "refait"
