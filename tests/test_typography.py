"""handbook/site/typography.py: French spaces in plain text and in a rendered page's text only."""

from __future__ import annotations

import random

from handbook.site import typography
from handbook.site.typography import NARROW_NBSP as FINE
from handbook.site.typography import NBSP, french, french_html, marked


def test_spaces_before_marks_and_inside_guillemets():
    assert (
        french("Attention : vraiment ? Oui ; non !")
        == f"Attention{NBSP}: vraiment{FINE}? Oui{FINE}; non{FINE}!"
    )
    assert french("le bouton « Créer »") == f"le bouton «{NBSP}Créer{NBSP}»"
    assert french(f"déjà «{NBSP}écrit{NBSP}» : bien") == f"déjà «{NBSP}écrit{NBSP}»{NBSP}: bien"
    assert french("Quoi ?!") == f"Quoi{FINE}?!"


def test_numbers_and_their_units_stay_together():
    assert (
        french("1 h 45 au plus, 30 min, 50 %, 896 pix")
        == f"1{NBSP}h{NBSP}45 au plus, 30{NBSP}min, 50{NBSP}%, 896{NBSP}pix"
    )
    assert french("le décret n° 2019-919") == f"le décret n°{NBSP}2019-919"
    assert french("3 heures, 2 minutes, 5 hauts") == "3 heures, 2 minutes, 5 hauts"


def test_what_has_no_space_is_left_alone():
    for text in (
        "https://app.pix.fr/campagnes?code=1",
        "10:30",
        "a.fr/?p=9115",
        "&amp; &#39;",
        "C:\\Pix",
    ):
        assert french(text) == text


def test_narrow_false_uses_the_common_no_break_space():
    assert french("Prêt ? Oui !", narrow=False) == f"Prêt{NBSP}? Oui{NBSP}!"


def test_a_page_changes_in_its_text_only():
    html = (
        '<p title="Titre : ici">Durée : 1 h 45 ?</p><pre><code>a : b ; c ?</code></pre>'
        '<script>var a = b ? c : d;</script><!-- note : ici ! --><a href="x?y=1">Lien ?</a>'
    )
    assert french_html(html) == (
        f'<p title="Titre : ici">Durée{NBSP}: 1{NBSP}h{NBSP}45{FINE}?</p>'
        "<pre><code>a : b ; c ?</code></pre><script>var a = b ? c : d;</script>"
        f'<!-- note : ici ! --><a href="x?y=1">Lien{FINE}?</a>'
    )


def test_a_space_before_a_tag_then_a_colon():
    assert french_html("<strong>À noter</strong> : lire") == f"<strong>À noter</strong>{NBSP}: lire"


def test_typesetting_twice_changes_nothing():
    once = french_html("<p>Durée : 1 h 45 ; « vraiment » ?</p>")
    assert french_html(once) == once


BODY = (
    "Avant : <p>Durée : 1 h 45 ?</p><pre><code>a : b</code></pre>"
    '<p><a href="x?y=1">Lien</a> : « ici »</p>\n après ?'
)
# Templates that show a body in text, after a colon, in an attribute, in code, in a comment.
PAGES = (
    "<main>{}</main>",
    "<p>Voir :</p>{} : suite",
    "<div>{}<strong>fin</strong> ; encore</div>",
    '<div title="{}">x</div>',
    "<pre>{}</pre> : après",
    "<!-- {} --> : après",
    "<p>{}</p><p>{}</p>",
)


def test_a_marked_body_is_typeset_as_if_it_were_not():
    for page in PAGES:
        for body in (BODY, "<p>Sans rien autour : non</p>", "Pas de balise : non", ""):
            shown = page.format(*[body] * page.count("{}"))
            escaped = shown.replace(body, body.replace("<", "&lt;").replace(">", "&gt;"))
            assert french_html(page.format(*[marked(body)] * page.count("{}"))) == french_html(
                shown
            ), (page, body)
            marked_escaped = marked(body).replace("<", "&lt;").replace(">", "&gt;")
            assert french_html(page.format(*[marked_escaped] * page.count("{}"))) == french_html(
                escaped
            ), (page, body)


def test_a_body_that_leaves_code_open_is_typeset_with_its_page():
    body = "<p>Un : deux</p><pre><code>a : b"
    page = "<main>{}</code></pre> : fin ?</main>"
    assert french_html(page.format(marked(body))) == french_html(page.format(body))


def test_a_body_shown_again_is_typeset_alike_in_every_page():
    body = marked("<p>Une phrase : la même, page après page ?</p>")
    french_html(f"<main>{body}</main>")
    assert french_html(f"<article>{body}</article>") == (
        f"<article><p>Une phrase{NBSP}: la même, page après page{FINE}?</p></article>"
    )


def _every_rule(text: str, narrow: bool) -> str:
    """The rules of typography.french applied one after the other, none skipped."""
    rules = (
        (typography._BEFORE_HIGH, FINE if narrow else NBSP),
        (typography._BEFORE_COLON, NBSP),
        (typography._OPENING, "«" + NBSP),
        (typography._CLOSING, NBSP + "»"),
        (typography._UNIT, r"\1" + NBSP + r"\2"),
        (typography._HOURS_MINUTES, r"\1" + NBSP + r"\2"),
        (typography._NUMERO, r"\1" + NBSP),
    )
    for rule, replacement in rules:
        text = rule.sub(replacement, text)
    return text


def test_a_rule_is_skipped_only_where_it_would_change_nothing():
    pieces = [*"ab1 2;:!?«»n°h%€.,\t\n", NBSP, FINE, "min", "Mo", "pix", "10:30", "n° 3", " h 45"]
    draw = random.Random(30)
    for _ in range(20000):
        text = "".join(draw.choice(pieces) for _ in range(draw.randint(0, 12)))
        for narrow in (True, False):
            assert french.__wrapped__(text, narrow) == _every_rule(text, narrow), repr(text)
