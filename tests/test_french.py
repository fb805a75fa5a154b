"""The French of the shipped guides: a hunspell spell check (French dictionary from Debian's hunspell-fr,
product and proper names in tests/mots-connus.txt) and the house typography (« guillemets » with
non-breaking spaces, « févr. », dashes in ranges, no elision before a consonant, « courriel »);
and proof, on a deliberately faulty guide, that each check finds what it must."""
from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import ROOT

GUIDES = ROOT / "content/guides"
KNOWN_WORDS = ROOT / "tests/mots-connus.txt"
DICTIONARY = "fr_FR"
NBSP = "\u00a0"

WORD = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿŒœ]+(?:['’-][A-Za-zÀ-ÖØ-öø-ÿŒœ]+)*")
ELISION = re.compile(r"^(?:[cdjlmnst]|qu|jusqu|lorsqu|puisqu|quoiqu)['’]", re.IGNORECASE)
NOT_PROSE = [
    re.compile(r"```.*?```", re.S),                         # code blocks
    re.compile(r"`[^`\n]*`"),                               # inline code
    re.compile(r"\]\([^)\n]*\)"),                           # link targets (guide files, anchors, URLs)
    re.compile(r"https?://\S+"),                            # bare URLs
    re.compile(r"\b[\w-]+(?:\.[\w-]+)*\.(?:fr|md|yaml|xml|zip|csv)\b"),  # host and file names (app.pix.fr)
    re.compile(r"(?<!\w)\.(?:csv|xml|zip)\b"),              # file extensions (.csv)
    re.compile(r"\{[^{}\n]*\}"),                            # calendar references ({période 5})
]


@dataclass(frozen=True)
class Line:
    where: str
    text: str


def prose_lines(path: Path) -> list[Line]:
    """The lines of a guide a reader sees: its title and summary, then its body without Markdown targets,
    code, URLs or calendar references; each with its file and line number."""
    lines = path.read_text(encoding="utf-8").splitlines()
    body_start = 0
    shown: list[Line] = []
    if lines and lines[0] == "---":
        body_start = lines.index("---", 1) + 1
        shown = [Line(f"{path.name}:{number}", line.split(":", 1)[1])
                 for number, line in enumerate(lines[1:body_start - 1], start=2)
                 if line.startswith(("titre:", "resume:"))]
    body = "\n".join(lines[body_start:])
    for pattern in NOT_PROSE:
        body = pattern.sub(lambda match: re.sub(r"[^\n]", " ", match.group()), body)
    return shown + [Line(f"{path.name}:{number}", text)
                    for number, text in enumerate(body.split("\n"), start=body_start + 1) if text.strip()]


def known_words() -> set[str]:
    return {line.split("#", 1)[0].strip() for line in KNOWN_WORDS.read_text(encoding="utf-8").splitlines()} - {""}


def misspelt(words: set[str]) -> set[str]:
    """The words hunspell's French dictionary does not know."""
    result = subprocess.run(["hunspell", "-d", DICTIONARY, "-i", "utf-8", "-l"], input="\n".join(sorted(words)),
                            capture_output=True, text=True, encoding="utf-8", check=True)
    return set(result.stdout.split())


def spelling_errors(lines: list[Line], known: set[str]) -> list[str]:
    """« file:line : word » for each word neither the dictionary nor the list of known words accepts."""
    found = [(line, ELISION.sub("", word)) for line in lines for word in WORD.findall(line.text)]
    unknown = misspelt({word for _, word in found})
    accepted = known | {word.capitalize() for word in known}
    return [f"{line.where} : {word}" for line, word in found if word in unknown and word not in accepted]


TYPOGRAPHY = {
    "« guillemet ouvrant sans espace insécable après": re.compile(f"«(?!{NBSP})"),
    "guillemet fermant » sans espace insécable avant": re.compile(f"(?<!{NBSP})»"),
    "« fév. » : l'abréviation de février est « févr. »": re.compile(r"\bfév\."),
    "trait d'union entre deux mots : un intervalle s'écrit avec un tiret « – »": re.compile(r"(?<=\w) - (?=\w)"),
    "élision devant une consonne (« d'connaître »)": re.compile(r"\b(?:[dlj]|qu)['’](?=[bcdfgjklmnpqrstvwxzç])",
                                                                 re.IGNORECASE),
    "« mail » ou « e-mail » hors d'un libellé cité : écrire « courriel »":
        re.compile(r"(?<![-\w])(?:e-)?mails?\b(?![^«»]*»)", re.IGNORECASE),
}


def typography_errors(lines: list[Line]) -> list[str]:
    return [f"{line.where} : {rule}" for line in lines for rule, pattern in TYPOGRAPHY.items()
            if pattern.search(line.text)]


def shipped_lines() -> list[Line]:
    return [line for path in sorted(GUIDES.glob("*.md")) for line in prose_lines(path)]


@pytest.fixture(scope="module")
def hunspell():
    listing = subprocess.run(["hunspell", "-D"], capture_output=True, text=True, input="") if shutil.which("hunspell") else None
    if listing is None or f"/{DICTIONARY}" not in listing.stdout + listing.stderr:
        pytest.fail("hunspell et son dictionnaire français manquent : lancez « make test » (paquets hunspell hunspell-fr)")


def test_every_word_of_the_guides_is_french_or_a_known_name(hunspell, figures):
    lines = shipped_lines()
    errors = spelling_errors(lines, known_words())
    figures["mots des guides vérifiés par hunspell (fr_FR)"] = sum(len(WORD.findall(line.text)) for line in lines)
    figures["fautes d'orthographe"] = len(errors)
    assert errors == []


def test_the_guides_follow_the_house_typography():
    assert typography_errors(shipped_lines()) == []


def test_every_known_word_is_still_needed(hunspell):
    """A name in the word list that no guide uses any more, or that the dictionary knows, is dead weight."""
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
    assert spelling_errors(lines, known_words()) == ["fautes.md:6 : certifcation", "fautes.md:8 : fév"]
    assert typography_errors(lines) == [
        "fautes.md:8 : « fév. » : l'abréviation de février est « févr. »",
        "fautes.md:8 : trait d'union entre deux mots : un intervalle s'écrit avec un tiret « – »",
        "fautes.md:8 : élision devant une consonne (« d'connaître »)",
        "fautes.md:10 : « mail » ou « e-mail » hors d'un libellé cité : écrire « courriel »",
        "fautes.md:12 : « guillemet ouvrant sans espace insécable après",
        "fautes.md:12 : guillemet fermant » sans espace insécable avant",
    ]
