"""What to do about a YAML syntax error, in French: libyaml's own words are English jargon, and the
line it names is often not the one to fix (a quote or a list item opened higher up)."""

from __future__ import annotations

import re

import yaml

YAML_HINT = (
    "vérifiez l'indentation (des espaces, jamais de tabulation) et mettez entre guillemets "
    "un texte qui contient « : » ou qui commence par [ { * & ! | > ' \" % @ ou `"
)


def forbidden_character(error: yaml.reader.ReaderError) -> str:
    code = (
        error.character
        if isinstance(error.character, int)
        else ord(str(error.character)[:1] or "\0")
    )
    return (
        f"caractère invisible interdit (code U+{code:04X}) sur cette ligne, souvent venu d'un "
        "copier-coller : retapez la ligne dans un éditeur de texte"
    )


def syntax_advice(
    error: yaml.MarkedYAMLError, text: str, first_line: int = 1
) -> tuple[int | None, str]:
    """(line from 0, what to do in French) for a YAML syntax error, instead of libyaml's jargon."""
    problem, context = error.problem or "", error.context or ""
    mark = error.problem_mark or error.context_mark
    line = mark.line if mark else None
    opened = error.context_mark.line if error.context_mark else line
    lines = text.split("\n")
    here = lines[line] if line is not None and line < len(lines) else ""
    if "\t" in here or "tab" in problem:
        return line, (
            "une tabulation sert de retrait sur cette ligne : remplacez-la par des espaces "
            "(jamais de tabulation)"
        )
    if "quoted scalar" in context and "end of stream" in problem:
        return opened, (
            "le guillemet ouvert sur cette ligne n'est jamais refermé : ajoutez le guillemet "
            "fermant à la fin du texte"
        )
    opened_quote = _unclosed_quote(text, line)
    if opened_quote is not None:
        return opened_quote, (
            "le guillemet ouvert sur cette ligne n'est pas refermé : ajoutez le guillemet "
            "fermant à la fin du texte (sans lui, le texte continue jusqu'au guillemet de la "
            f"ligne {line + first_line})"
        )
    if "escape" in problem:
        return line, (
            "entre guillemets doubles, la barre oblique inverse « \\ » annonce un caractère "
            "spécial : mettez ce texte entre guillemets simples ('…') ou doublez la barre"
        )
    if "mapping values are not allowed" in problem:
        return _colon_advice(text, line)
    if "flow sequence" in context or "flow mapping" in context:
        bracket = "le crochet « [ »" if "sequence" in context else "l'accolade « { »"
        return line, (
            f"{bracket} ouvert ligne {opened + first_line} n'est pas refermé, ou une virgule "
            "manque entre deux éléments ; si le texte commence lui-même par [ ou {, mettez-le "
            "entre guillemets"
        )
    if "alias" in context or "anchor" in context or "alias" in problem:
        return line, (
            "un texte qui commence par « * » ou « & » est pris pour un renvoi YAML : "
            "mettez-le entre guillemets"
        )
    if "cannot start any token" in problem and mark is not None and mark.column < len(here):
        return (
            line,
            f"un texte ne peut pas commencer par « {here[mark.column]} » : mettez-le entre "
            "guillemets",
        )
    if isinstance(error, yaml.parser.ParserError) or "could not find expected ':'" in problem:
        return line, (
            "le retrait de cette ligne ne correspond pas aux lignes du même niveau au-dessus : "
            "alignez-la avec des espaces (par exemple sur les autres « - » de la liste), ou, si "
            "elle continue la phrase de la ligne précédente, mettez toute la phrase entre "
            "guillemets"
        )
    return line, YAML_HINT


def _unclosed_quote(text: str, line: int | None) -> int | None:
    """The line (from 0) where a quoted text opened and ran on to the line of the error: its closing
    quote is missing and the next quote in the file (the opening one of the error's line) closed it
    instead."""
    if line is None:
        return None
    try:
        for token in yaml.scan(text, Loader=yaml.SafeLoader):
            if token.start_mark.line > line:
                break
            if (
                isinstance(token, yaml.ScalarToken)
                and token.style in ('"', "'")
                and token.start_mark.line < token.end_mark.line == line
            ):
                return token.start_mark.line
    except yaml.YAMLError:
        pass
    return None


def _colon_advice(text: str, line: int | None) -> tuple[int | None, str]:
    """A « : » where no field can start: a list item « -Réaliser » run on, or a text to quote."""
    dash = _dash_without_space(text, line)
    if dash is not None:
        return dash, (
            "après le tiret « - » d'un élément de liste, il faut une espace : écrivez « - » puis "
            "le texte (sans elle, le texte continue sur la ligne suivante)"
        )
    return line, (
        "un texte contient « : » suivi d'un espace, ce qui le coupe en deux champs : mettez la "
        "phrase "
        'entre guillemets, par exemple titre: "Absences : prévenir la vie scolaire"'
    )


def _dash_without_space(text: str, line: int | None) -> int | None:
    """The line (from 0) of a list item written « -Réaliser … » (no space after the dash): a plain
    text that runs on to the line of the error, where the next item's « : » cannot be."""
    if line is None:
        return None
    lines = text.split("\n")
    try:
        for token in yaml.scan(text, Loader=yaml.SafeLoader):
            if token.start_mark.line > line:
                break
            start = token.start_mark
            if (
                isinstance(token, yaml.ScalarToken)
                and token.plain
                and start.line < line
                and re.match(r"-[^\s-]", lines[start.line][start.column :])
            ):
                return start.line
    except yaml.YAMLError:
        pass
    return None
