"""handbook/site/typography.py: French spaces in plain text and in a rendered page's text only."""

from __future__ import annotations

from handbook.site.typography import NARROW_NBSP as FINE
from handbook.site.typography import NBSP, french, french_html


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
