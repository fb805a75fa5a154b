"""How tall the year poster prints, estimated without a browser, so that the build can warn before a
poster needs a second sheet.

The estimate lays the poster out as style.css prints it (body.poster-a3 / -a4, .poster-grid): each
cell's text is broken into lines word by word with the metrics of DejaVu Sans, the font Chromium
uses for system-ui on a Linux machine and wider than the usual fonts of Windows or macOS, each width
rounded up. It is therefore as tall as what Chromium prints or a little taller, never shorter as far
as tests show: they print real posters to PDF and compare (tests/test_print.py).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import repeat
from operator import add
from pathlib import Path

# The metrics of DejaVu Sans and DejaVu Sans Bold (their oblique faces have the same), in
# ten-thousandths of the font size, as Chromium measures them: each character's width at each size
# the poster prints in (a font is a little narrower at small sizes) and at a large size for any
# other, each width rounded up; and the change that kerning or a ligature brings to a pair of
# characters. tests/test_posterfit.py measures them again (and rewrites the file when run as a
# script).
METRICS_FILE = Path(__file__).parents[1] / "data" / "police-affiche.json"
METRICS = json.loads(METRICS_FILE.read_text(encoding="utf-8"))
UNKNOWN_WIDTH = 12000  # a character not in the tables counts as wider than any of them

PX_PER_MM = 96 / 25.4
PX_PER_PT = 96 / 72
LINE_HEIGHT = 1.55  # body's line-height, which the grid inherits
HEADING_LINE_HEIGHT = 1.25  # h1
HEADING_PT = 14  # .poster h1 in print
SHEET_MARGIN_MM = 8  # @page poster-a3 / poster-a4
# the table's margin-top (1rem), larger than the h1's 3 mm with which it collapses
GAP_ABOVE_GRID_PX = 16
ROLE_COLUMN_MM = 24  # .poster-grid tbody th, thead td
CELL_PADDING_MM = (1, 1.2)  # vertical, horizontal
BORDER_PX = 1
TASK_INDENT_EM = 1.2  # li: padding-left, and on the first line the box (border-box) with its margin
TASK_GAP_EM = 0.25  # li: margin-bottom
MILESTONE_GAP_EM = 0.2  # .poster-milestone: margin-top
# the sizes measured in METRICS: the grids of the A4 and A3 posters (render.POSTER_SIZES), the title
PRINTED_PT = (6.3, 9, HEADING_PT)
SIZES_PX = tuple(round(points * PX_PER_PT, 3) for points in PRINTED_PT)


def text_width(text: str, bold: bool = False, size_px: float | None = None) -> float:
    """A text's width in ems at a size in pixels (a size not measured takes the large one's)."""
    weight = "bold" if bold else "normal"
    measured = METRICS["widths"]
    widths = measured.get(f"{weight} {size_px:g}" if size_px else "", measured[f"{weight} 1000"])
    pairs = METRICS["pairs"][weight]
    # whole numbers, summed without a Python loop: the estimate of the posters measures some 3,000
    # pieces of text a build
    total = sum(map(widths.get, text, repeat(UNKNOWN_WIDTH)))
    total += sum(map(pairs.get, map(add, text, text[1:]), repeat(0)))
    return total / 10000


# A pure function of its arguments: serve's rebuilds lay out the same task texts again and again (at
# 1,000 guides, 12,000 calls a build took 0.2 s of every rebuild).
@lru_cache(maxsize=16384)
def line_count(
    text: str,
    width_em: float,
    first_line_em: float = 0,
    bold: bool = False,
    size_px: float | None = None,
) -> int:
    """Lines a text takes in a box width_em wide (ems of its font, of size_px pixels), broken after
    spaces and hyphens as a browser does; the first line begins first_line_em further in. A word
    wider than the box counts for the lines it would fill if it were cut."""

    def width(piece: str) -> float:
        return text_width(piece, bold, size_px)

    pieces = re.findall(r"[^ \-–]*[ \-–]*", text.strip())
    lines, used = 1, first_line_em
    for piece in filter(None, pieces):
        word = piece.rstrip(" ")  # a space at the end of a line takes no room
        word_width = width(word)
        if used > 0 and used + word_width > width_em:
            lines, used = lines + 1, 0.0
        while used == 0 and word_width > width_em:
            lines += 1
            word = word[max(1, int(len(word) * width_em / word_width)) :]
            word_width = width(word)
        used += word_width if piece == word else width(piece)
    return lines


@dataclass(frozen=True)
class Fit:
    height_mm: float  # of the printed title and grid
    sheet_mm: float  # the height a sheet offers inside its margins
    rows_mm: tuple[float, ...] = ()  # the grid's rows: the periods' header, then each role
    tallest_cell: tuple[int, int] | None = (
        None  # (role, period) indexes of the tallest cell of tasks
    )

    @property
    def fits(self) -> bool:
        return self.height_mm <= self.sheet_mm


def poster_fit(
    title: str,
    headers: list[list[tuple[str, bool, bool]]],
    rows: list[tuple[str, list[list[str]]]],
    width_mm: float,
    height_mm: float,
    font_pt: float,
) -> Fit:
    """The estimated height of a landscape poster: its title, a header row of cells of blocks (text,
    bold, spaced: a small gap above), one row per role (its name, per period the tasks); and its
    tallest cell."""
    font_px = round(font_pt * PX_PER_PT, 3)
    line_px = font_px * LINE_HEIGHT
    page_px = (width_mm - 2 * SHEET_MARGIN_MM) * PX_PER_MM  # .poster main has no padding in print
    heading_px = HEADING_PT * PX_PER_PT
    title_lines = line_count(title, page_px / heading_px, bold=True, size_px=round(heading_px, 3))
    title_px = title_lines * heading_px * HEADING_LINE_HEIGHT
    role_px = ROLE_COLUMN_MM * PX_PER_MM
    columns = max(1, len(headers))
    padding_y, padding_x = (value * PX_PER_MM for value in CELL_PADDING_MM)

    def inner(width: float) -> float:
        """A cell's content width in ems."""
        return (width - 2 * padding_x - BORDER_PX) / font_px

    period_em, role_em = inner((page_px - role_px) / columns), inner(role_px)

    def header_px(blocks: list[tuple[str, bool, bool]]) -> float:
        return sum(
            line_count(text, period_em, bold=bold, size_px=font_px) * line_px
            + (MILESTONE_GAP_EM * font_px if gap else 0)
            for text, bold, gap in blocks
        )

    def tasks_px(tasks: list[str]) -> float:
        return sum(
            line_count(task, period_em - TASK_INDENT_EM, size_px=font_px) * line_px
            + TASK_GAP_EM * font_px
            for task in tasks
        )

    row_heights = [max(header_px(blocks) for blocks in headers) if headers else 0]
    cells_px = {}
    for role, (name, cells) in enumerate(rows):
        name_px = line_count(name, role_em, bold=True, size_px=font_px) * line_px
        cells_px.update({(role, period): tasks_px(tasks) for period, tasks in enumerate(cells)})
        row_heights.append(max([name_px] + [tasks_px(tasks) for tasks in cells]))
    rows_px = [height + 2 * padding_y + BORDER_PX for height in row_heights]
    grid_px = sum(rows_px) + BORDER_PX
    height = (title_px + GAP_ABOVE_GRID_PX + grid_px) / PX_PER_MM
    return Fit(
        height,
        height_mm - 2 * SHEET_MARGIN_MM,
        tuple(row / PX_PER_MM for row in rows_px),
        max(cells_px, key=cells_px.get, default=None),
    )
