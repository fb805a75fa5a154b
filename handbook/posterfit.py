"""How tall the year poster prints, estimated without a browser, so that the build can warn before a poster
needs a second sheet.

The estimate lays the poster out as style.css prints it (body.poster-a3 / -a4, .poster-grid): each cell's text
is broken into lines word by word with the widths of DejaVu Sans, the font Chromium uses for system-ui on a
Linux machine and wider than the usual fonts of Windows or macOS, without kerning (which only narrows a word).
It is therefore a little taller than what a browser prints, never shorter as far as tests show: they print the
real poster to PDF in Chromium and compare (tests/test_posterfit.py).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

# Advance widths of DejaVu Sans, in thousandths of the font size (measured in Chromium), and those of the
# bold face as a factor (the bold is at most 26 % wider; only titles are bold).
WIDTHS = {
    200: "\u202f", 278: "'ijlîïIJÎÏ", 318: " ,.’\u00a0", 337: "/:;\\|", 352: "f", 361: "-", 390: "()[]",
    392: "t", 401: "!", 411: "r", 460: '"', 500: "*_`–°", 521: "s", 525: "z", 531: "?", 550: "cç", 557: "L",
    575: "F", 579: "k", 592: "vxyÿ", 603: "P", 611: "TYŸ", 612: "oôö«»", 615: "aàâäeéèêë", 632: "EÉÈÊË",
    636: "hnuùûüSbdgpq$0123456789{}", 656: "K", 686: "AVÀÂÄXZB", 698: "RCÇ", 732: "UÙÛÜ", 752: "NH",
    775: "◆DG", 787: "&OQÔÖ", 818: "w", 838: "#+<=>^~→", 863: "M", 950: "%", 982: "mÆæW", 1000: "@—…",
    1070: "œŒ",
}
WIDTH_OF = {char: width / 1000 for width, chars in WIDTHS.items() for char in chars}
UNKNOWN_WIDTH = 1.0  # a character not in the table counts as the widest
BOLD = 1.26

PX_PER_MM = 96 / 25.4
PX_PER_PT = 96 / 72
LINE_HEIGHT = 1.55  # body's line-height, which the grid inherits
HEADING_LINE_HEIGHT = 1.25  # h1
HEADING_PT = 14  # .poster h1 in print
SHEET_MARGIN_MM = 8  # @page poster-a3 / poster-a4
GAP_ABOVE_GRID_PX = 16  # table's margin-top (1rem), larger than the h1's 3 mm with which it collapses
ROLE_COLUMN_MM = 24  # .poster-grid tbody th, thead td
CELL_PADDING_MM = (1, 1.2)  # vertical, horizontal
BORDER_PX = 1
TASK_INDENT_EM = 1.2  # li: padding-left, and on the first line the box (border-box) with its margin
TASK_GAP_EM = 0.25  # li: margin-bottom
MILESTONE_GAP_EM = 0.2  # .poster-milestone: margin-top


def text_width(text: str, bold: bool = False) -> float:
    """Width of a text in ems."""
    return sum(WIDTH_OF.get(char, UNKNOWN_WIDTH) for char in text) * (BOLD if bold else 1)


def line_count(text: str, width_em: float, first_line_em: float = 0, bold: bool = False) -> int:
    """Lines a text takes in a box width_em wide (ems of its font), broken after spaces and hyphens as a browser
    does; the first line begins first_line_em further in. A word wider than the box counts for the lines it
    would fill if it were cut."""
    pieces = re.findall(r"[^ \-–]*[ \-–]*", text.strip())
    lines, used = 1, first_line_em
    for piece in filter(None, pieces):
        word = piece.rstrip(" ")  # a space at the end of a line takes no room
        if used > 0 and used + text_width(word, bold) > width_em:
            lines, used = lines + 1, 0.0
        while used == 0 and text_width(word, bold) > width_em:
            lines += 1
            word = word[max(1, int(len(word) * width_em / text_width(word, bold))):]
        used += text_width(piece, bold)
    return lines


@dataclass(frozen=True)
class Fit:
    height_mm: float  # of the printed title and grid
    sheet_mm: float  # the height a sheet offers inside its margins
    rows_mm: tuple[float, ...] = ()  # the grid's rows: the periods' header, then each role

    @property
    def fits(self) -> bool:
        return self.height_mm <= self.sheet_mm


def poster_fit(title: str, headers: list[list[tuple[str, bool, bool]]], rows: list[tuple[str, list[list[str]]]],
               width_mm: float, height_mm: float, font_pt: float) -> Fit:
    """The estimated height of a poster: its title, then a header row whose cells are lists of blocks (text, bold,
    spaced: with a small gap above), then one row per role (its name and, per period, the tasks), on a
    landscape sheet."""
    font_px = font_pt * PX_PER_PT
    line_px = font_px * LINE_HEIGHT
    page_px = (width_mm - 2 * SHEET_MARGIN_MM) * PX_PER_MM  # .poster main has no padding in print
    heading_px = HEADING_PT * PX_PER_PT
    title_px = line_count(title, page_px / heading_px, bold=True) * heading_px * HEADING_LINE_HEIGHT
    role_px = ROLE_COLUMN_MM * PX_PER_MM
    columns = max(1, len(headers))
    padding_y, padding_x = (value * PX_PER_MM for value in CELL_PADDING_MM)
    inner = lambda width: (width - 2 * padding_x - BORDER_PX) / font_px  # noqa: E731 - content width in ems
    period_em, role_em = inner((page_px - role_px) / columns), inner(role_px)

    def header_px(blocks: list[tuple[str, bool, bool]]) -> float:
        return sum(line_count(text, period_em, bold=bold) * line_px + (MILESTONE_GAP_EM * font_px if gap else 0)
                   for text, bold, gap in blocks)

    def tasks_px(tasks: list[str]) -> float:
        return sum(line_count(task, period_em - TASK_INDENT_EM) * line_px + TASK_GAP_EM * font_px
                   for task in tasks)

    row_heights = [max(header_px(blocks) for blocks in headers) if headers else 0]
    for name, cells in rows:
        row_heights.append(max([line_count(name, role_em, bold=True) * line_px] + [tasks_px(tasks) for tasks in cells]))
    rows_px = [height + 2 * padding_y + BORDER_PX for height in row_heights]
    grid_px = sum(rows_px) + BORDER_PX
    return Fit((title_px + GAP_ABOVE_GRID_PX + grid_px) / PX_PER_MM, height_mm - 2 * SHEET_MARGIN_MM,
               tuple(row / PX_PER_MM for row in rows_px))
