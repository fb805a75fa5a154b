"""The French of the shipped guides: a hunspell spell check (French dictionary from Debian's
hunspell-fr, product and proper names in tests/mots-connus.txt) and the house typography
(« guillemets » with non-breaking spaces, « févr. », dashes in ranges, no elision before a
consonant, « courriel »); and proof, on a deliberately faulty guide, that each check finds what it
must."""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import CALENDAR, ROOT, build_at

GUIDES = ROOT / "content/guides"
KNOWN_WORDS = ROOT / "tests/mots-connus.txt"
DICTIONARY = "fr_FR"
NBSP = "\u00a0"

WORD = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿŒœ]+(?:['’-][A-Za-zÀ-ÖØ-öø-ÿŒœ]+)*")
ELISION = re.compile(r"^(?:[cdjlmnst]|qu|jusqu|lorsqu|puisqu|quoiqu)['’]", re.IGNORECASE)
NOT_PROSE = [
    re.compile(r"```.*?```", re.S),  # code blocks
    re.compile(r"`[^`\n]*`"),  # inline code
    re.compile(r"\]\([^)\n]*\)"),  # link targets (guide files, anchors, URLs)
    re.compile(r"https?://\S+"),  # bare URLs
    re.compile(
        r"\b[\w-]+(?:\.[\w-]+)*\.(?:fr|md|yaml|xml|zip|csv)\b"
    ),  # host and file names (app.pix.fr)
    re.compile(r"(?<!\w)\.(?:csv|xml|zip)\b"),  # file extensions (.csv)
    re.compile(r"\{[^{}\n]*\}"),  # calendar references ({période 5})
]


@dataclass(frozen=True)
class Line:
    where: str
    text: str


def prose_lines(path: Path) -> list[Line]:
    """The lines of a guide a reader sees: its title and summary, then its body without Markdown
    targets, code, URLs or calendar references; each with its file and line number."""
    lines = path.read_text(encoding="utf-8").splitlines()
    body_start = 0
    shown: list[Line] = []
    if lines and lines[0] == "---":
        body_start = lines.index("---", 1) + 1
        shown = [
            Line(f"{path.name}:{number}", line.split(":", 1)[1])
            for number, line in enumerate(lines[1 : body_start - 1], start=2)
            if line.startswith(("titre:", "resume:"))
        ]
    body = "\n".join(lines[body_start:])
    for pattern in NOT_PROSE:
        body = pattern.sub(lambda match: re.sub(r"[^\n]", " ", match.group()), body)
    return shown + [
        Line(f"{path.name}:{number}", text)
        for number, text in enumerate(body.split("\n"), start=body_start + 1)
        if text.strip()
    ]


def known_words() -> set[str]:
    return {
        line.split("#", 1)[0].strip()
        for line in KNOWN_WORDS.read_text(encoding="utf-8").splitlines()
    } - {""}


def misspelt(words: set[str]) -> set[str]:
    """The words hunspell's French dictionary does not know."""
    result = subprocess.run(
        ["hunspell", "-d", DICTIONARY, "-i", "utf-8", "-l"],
        input="\n".join(sorted(words)),
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=True,
    )
    return set(result.stdout.split())


def spelling_errors(lines: list[Line], known: set[str]) -> list[str]:
    """« file:line : word » for each word neither the dictionary nor the list of known words
    accepts."""
    found = [(line, ELISION.sub("", word)) for line in lines for word in WORD.findall(line.text)]
    unknown = misspelt({word for _, word in found})
    accepted = known | {word.capitalize() for word in known}
    return [
        f"{line.where} : {word}" for line, word in found if word in unknown and word not in accepted
    ]


TYPOGRAPHY = {
    "« guillemet ouvrant sans espace insécable après": re.compile(f"«(?!{NBSP})"),
    "guillemet fermant » sans espace insécable avant": re.compile(f"(?<!{NBSP})»"),
    "« fév. » : l'abréviation de février est « févr. »": re.compile(r"\bfév\."),
    "trait d'union entre deux mots : un intervalle s'écrit avec un tiret « – »": re.compile(
        r"(?<=\w) - (?=\w)"
    ),
    "élision devant une consonne (« d'connaître »)": re.compile(
        r"\b(?:[dlj]|qu)['’](?=[bcdfgjklmnpqrstvwxzç])", re.IGNORECASE
    ),
    "« mail » ou « e-mail » hors d'un libellé cité : écrire « courriel »": re.compile(
        r"(?<![-\w])(?:e-)?mails?\b(?![^«»]*»)", re.IGNORECASE
    ),
}


def typography_errors(lines: list[Line]) -> list[str]:
    return [
        f"{line.where} : {rule}"
        for line in lines
        for rule, pattern in TYPOGRAPHY.items()
        if pattern.search(line.text)
    ]


def shipped_lines() -> list[Line]:
    return [line for path in sorted(GUIDES.glob("*.md")) for line in prose_lines(path)]


@pytest.fixture(scope="module")
def hunspell():
    listing = (
        subprocess.run(["hunspell", "-D"], capture_output=True, text=True, input="")
        if shutil.which("hunspell")
        else None
    )
    if listing is None or f"/{DICTIONARY}" not in listing.stdout + listing.stderr:
        pytest.fail(
            "hunspell et son dictionnaire français manquent : lancez « make test » (paquets "
            "hunspell hunspell-fr)"
        )


def test_every_word_of_the_guides_is_french_or_a_known_name(hunspell, figures):
    lines = shipped_lines()
    errors = spelling_errors(lines, known_words())
    figures["mots des guides vérifiés par hunspell (fr_FR)"] = sum(
        len(WORD.findall(line.text)) for line in lines
    )
    figures["fautes d'orthographe"] = len(errors)
    assert errors == []


def test_the_guides_follow_the_house_typography():
    assert typography_errors(shipped_lines()) == []


def test_every_known_word_is_still_needed(hunspell):
    """A name in the word list that no guide uses any more, or that the dictionary knows, is dead
    weight."""
    words = {ELISION.sub("", word) for line in shipped_lines() for word in WORD.findall(line.text)}
    words |= {word.lower() for word in words}
    unused = sorted(word for word in known_words() if word not in words)
    assert unused == []
    assert sorted(known_words() - misspelt(known_words())) == []


FAULTY_GUIDE = f"""---
titre: Un guide plein de fautes
resume: Pour vérifier que la vérification trouve quelque chose.
---

Le référent prépare la certifcation de la période 4 ({{période 4}}) avec Pix Orga.

Rappel d'connaître ses identifiants, du 15 janv. au 16 fév. 2027, fin juin - début juillet.

Envoyez un mail aux familles ; la colonne «{NBSP}Adresse e-mail{NBSP}» est un libellé de Pix Orga.

Un «guillemet» collé et un « guillemet » avec des espaces ordinaires. [Lien](app.pix.fr) vers https://orga.pix.fr.
"""


def test_the_checks_find_the_faults_of_a_faulty_guide(tmp_path, hunspell):
    guide = tmp_path / "fautes.md"
    guide.write_text(FAULTY_GUIDE, encoding="utf-8")
    lines = prose_lines(guide)
    assert spelling_errors(lines, known_words()) == [
        "fautes.md:6 : certifcation",
        "fautes.md:8 : fév",
    ]
    assert typography_errors(lines) == [
        "fautes.md:8 : « fév. » : l'abréviation de février est « févr. »",
        "fautes.md:8 : trait d'union entre deux mots : un intervalle s'écrit avec un tiret « – »",
        "fautes.md:8 : élision devant une consonne (« d'connaître »)",
        "fautes.md:10 : « mail » ou « e-mail » hors d'un libellé cité : écrire « courriel »",
        "fautes.md:12 : « guillemet ouvrant sans espace insécable après",
        "fautes.md:12 : guillemet fermant » sans espace insécable avant",
    ]


# --- The typography of the built site -------------------------------------------------------------
# The sources keep ordinary spaces; the rendering puts the French ones
# (handbook/site/typography.py). These checks read the built pages with an HTML parser of their own,
# not with the code they check.

NARROW = "\u202f"
NOT_TEXT = {"code", "pre", "kbd", "samp", "script", "style", "textarea"}
SITE_TYPOGRAPHY = {
    "espace ordinaire avant « ; », « ! » ou « ? » (espace fine insécable attendue)": re.compile(
        r"[ \t\n\u00a0](?=[;!?](?:\s|$|[»).,]))"
    ),
    "espace ordinaire ou fine avant « : » (espace insécable attendue)": re.compile(
        r"[ \t\n\u202f](?=:(?:\s|$))"
    ),
    "« sans espace insécable après": re.compile(f"«(?!{NBSP})"),
    "» sans espace insécable avant": re.compile(f"(?<!{NBSP})»"),
    "nombre et unité séparables (« 1 h 45 », « 50 % »)": re.compile(
        r"\d[ \t\n](?:h|min|%)(?![\w%])"
    ),
}


class _ShownText(HTMLParser):
    """The text of a page a reader sees as prose: not tags, attributes, code or scripts."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.hidden, self.parts = 0, []

    def handle_starttag(self, tag, attrs):
        if tag in NOT_TEXT:
            self.hidden += 1

    def handle_endtag(self, tag):
        if tag in NOT_TEXT and self.hidden:
            self.hidden -= 1

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def page_typography_errors(name: str, html: str) -> list[str]:
    reader = _ShownText()
    reader.feed(html)
    errors = []
    for text in reader.parts:
        for rule, pattern in SITE_TYPOGRAPHY.items():
            for match in pattern.finditer(text):
                errors.append(
                    f"{name} : {rule} : …{text[max(0, match.start() - 25) : match.end() + 10]}…"
                )
    return errors


def test_every_built_page_has_french_spaces(real_site, figures):
    """Before ; ! ? a narrow no-break space, before : and inside « » a no-break one, and none
    between a number and its unit: on every page of the shipped handbook, templates' texts and
    calendar texts included."""
    output = real_site.config.output_dir
    pages = sorted(output.rglob("*.html"))
    errors = [
        error
        for path in pages
        for error in page_typography_errors(
            path.relative_to(output).as_posix(), path.read_text("utf-8")
        )
    ]
    shown = "".join(path.read_text("utf-8") for path in pages)
    figures["espaces fines insécables dans les pages construites"] = shown.count(NARROW)
    assert errors[:10] == []
    assert shown.count(NARROW) > 100  # the shipped guides hold hundreds of « ? » and « ; »


def test_the_feeds_have_french_spaces(real_site):
    text = (
        (real_site.config.output_dir / "calendrier.ics")
        .read_bytes()
        .decode("utf-8")
        .replace("\r\n ", "")
    )
    shown = [
        line.split(":", 1)[1]
        for line in text.split("\r\n")
        if line.startswith(("SUMMARY", "DESCRIPTION"))
    ]
    assert shown and not [line for line in shown if re.search(r" (?=[:;!?])| (?=\\;)", line)]
    assert NARROW not in text  # calendar apps' fonts may lack it: a plain no-break space there


FAULTY_PAGE = """<!DOCTYPE html><html lang="fr"><head><title>Fautes</title></head><body>
<p>À noter : un texte ; sans espaces insécables ! Vraiment ?</p>
<p>Durée : 1 h 45, au moins 50 %.</p>
<p>Un «{NBSP}guillemet» fermé sans espace.</p><pre>code : intact ; ici</pre>
<a href="https://exemple.fr/?a=1" title="Titre : ici">adresse</a></body></html>""".replace(
    "{NBSP}", NBSP
)


def test_the_page_check_finds_the_faults_of_a_faulty_page():
    errors = page_typography_errors("fautes.html", FAULTY_PAGE)
    assert sorted(error.split(" : …")[0] for error in errors) == sorted(
        [
            "fautes.html : espace ordinaire avant « ; », « ! » ou « ? » (espace fine insécable "
            "attendue)",
            "fautes.html : espace ordinaire avant « ; », « ! » ou « ? » (espace fine insécable "
            "attendue)",
            "fautes.html : espace ordinaire avant « ; », « ! » ou « ? » (espace fine insécable "
            "attendue)",
            "fautes.html : espace ordinaire ou fine avant « : » (espace insécable attendue)",
            "fautes.html : espace ordinaire ou fine avant « : » (espace insécable attendue)",
            "fautes.html : » sans espace insécable avant",
            "fautes.html : nombre et unité séparables (« 1 h 45 », « 50 % »)",
            "fautes.html : nombre et unité séparables (« 1 h 45 », « 50 % »)",
        ]
    )


TYPED_GUIDE = """---
titre: "Un guide tapé vite : avec des espaces ordinaires ?"
---

Attention : le test dure 1 h 45 ; au moins 50 % ! Le bouton « Envoyer » et `code : a ; b` restent.

Voir <https://orga.pix.fr/?a=1> et [la page](https://exemple.fr/x?y=1 "Titre : ici").

```
commande : intacte ; ici ?
```
"""


CALENDAR_TYPED = CALENDAR.replace("- Se connecter.", '- "Vérifier la fenêtre : à la rentrée !"')


def test_the_rendering_puts_french_spaces_in_text_and_nowhere_else(project):
    """A guide and a task typed with ordinary spaces: the built pages have French spaces in their
    text, and code, addresses and attributes as written."""
    root = project(
        {"content/guides/premier.md": TYPED_GUIDE, "content/calendar.yaml": CALENDAR_TYPED}
    )
    build_at(root)
    html = (root / "output/guides/premier.html").read_text("utf-8")
    assert page_typography_errors("premier.html", html) == []
    assert (
        f"Attention{NBSP}: le test dure 1{NBSP}h{NBSP}45{NARROW}; au moins 50{NBSP}%{NARROW}!"
        in html
    )
    assert f"«{NBSP}Envoyer{NBSP}»" in html
    assert "<code>code : a ; b</code>" in html and "commande : intacte ; ici ?" in html
    assert 'href="https://orga.pix.fr/?a=1"' in html and ">https://orga.pix.fr/?a=1<" in html
    assert 'title="Titre : ici"' in html
    assert f"Un guide tapé vite{NBSP}: avec des espaces ordinaires{NARROW}?</h1>" in html
    period = (root / "output/periode-1.html").read_text("utf-8")
    assert f"Vérifier la fenêtre{NBSP}: à la rentrée{NARROW}!" in period
    assert page_typography_errors("periode-1.html", period) == []
    # the source the référent edits is untouched
    assert "Vérifier la fenêtre : à la rentrée !" in (root / "content/calendar.yaml").read_text(
        "utf-8"
    )
