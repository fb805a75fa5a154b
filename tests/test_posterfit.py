"""The poster's height estimate: its font metrics are Chromium's, and its line breaking is a
browser's. (The estimate against real prints to PDF: test_print.py.)"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from handbook.site.posterfit import METRICS, METRICS_FILE, SIZES_PX, line_count, text_width  # noqa: E402

CHARACTERS = (
    "".join(chr(code) for code in range(32, 127)) + "àâäçéèêëîïôöùûüÿœæÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŸŒÆ«»’–—…→◆"
    "\u00a0\u202f°"
)
# In ten-thousandths of an em, rounded up: each character's width at each size the poster prints in
# (a font is a little narrower at small sizes) and at a large one for any other size; each pair that
# kerning or a ligature changes by a twentieth of a thousandth or more, measured at the large size.
MEASURE = """([characters, sizes]) => {
  const context = document.createElement("canvas").getContext("2d");
  const metrics = {widths: {}, pairs: {}};
  for (const weight of ["normal", "bold"]) {
    for (const size of sizes) {
      context.font = weight + " " + size + "px system-ui";
      const widths = {};
      for (const a of characters) {
        widths[a] = Math.ceil(context.measureText(a).width / size * 10000);
      }
      metrics.widths[weight + " " + size] = widths;
    }
    context.font = weight + " 1000px system-ui";
    const one = {}, pairs = {};
    for (const a of characters) { one[a] = context.measureText(a).width; }
    for (const a of characters) for (const b of characters) {
      const change = (context.measureText(a + b).width - one[a] - one[b]) * 10;
      if (Math.abs(change) >= 0.5) { pairs[a + b] = Math.ceil(change); }
    }
    metrics.pairs[weight] = pairs;
  }
  return metrics;
}"""


def measured_metrics(browser) -> dict:
    page = browser.new_page()
    try:
        return page.evaluate(MEASURE, [CHARACTERS, [*SIZES_PX, 1000]])
    finally:
        page.close()


def test_the_stored_metrics_are_those_chromium_measures(browser):
    assert measured_metrics(browser) == METRICS, (
        "la police de Chromium a changé : relancez « .venv/bin/python tests/test_posterfit.py »"
    )


def test_widths_count_kerning_and_bold():
    assert text_width("AV") < text_width("A") + text_width("V")
    assert text_width("Période 4", bold=True) > text_width("Période 4")
    assert text_width("\U0001f600") == 1.2  # unknown: wider than any known character
    assert text_width("de cette année scolaire.", size_px=8.4) < text_width(
        "de cette année scolaire."
    )


def test_a_width_is_its_characters_and_its_pairs_of_characters():
    text = "Pix – « AVANT » : l’été, Tâches 2026-2027 \U0001f600"
    for weight, size in (("normal", None), ("bold", 12), ("normal", 8.4)):
        widths = METRICS["widths"][f"{weight} {size:g}" if size else f"{weight} 1000"]
        pairs = METRICS["pairs"][weight]
        expected = sum(widths.get(char, 12000) for char in text) + sum(
            pairs.get(text[index : index + 2], 0) for index in range(len(text) - 1)
        )
        assert text_width(text, weight == "bold", size) == expected / 10000


def test_lines_break_after_spaces_and_hyphens_never_inside_a_word():
    width = text_width("Importer la base")
    assert line_count("Importer la base", width) == 1
    assert line_count("Importer la base SIECLE", width) == 2
    assert line_count("Non-certifiables", text_width("certifiables") + 0.01) == 2
    assert line_count("anticonstitutionnellement", text_width("anticonstitutionnellement") / 2) == 3


if __name__ == "__main__":
    from conftest import CHROMIUM, CHROMIUM_ARGS
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        metrics = measured_metrics(chromium)
        chromium.close()
    METRICS_FILE.write_text(
        json.dumps(metrics, ensure_ascii=False, indent=0, sort_keys=True) + "\n", encoding="utf-8"
    )
    print(f"{METRICS_FILE} réécrit")
