"""A school's options over its bases': key by key, the nearest file wins, and each option remembers
the file that wrote it. What names one school is never taken from a base."""

from __future__ import annotations

from handbook.problems import Report
from handbook.read.config import BASE_OPTION, ConfigLayer
from handbook.read.located import LocatedDict

# Each school writes these itself: a base's would name another school, or send its site elsewhere.
OWN_OPTIONS = (
    BASE_OPTION,
    "etablissement",
    "uai",
    "url_publique",
    "dossier_sortie",
    "nom_referent",
    "contact_referent",
)
# Folders each layer names for itself, relative to its own file.
LAYER_FOLDERS = ("dossier_contenu",)


def merged_options(layers: list[ConfigLayer], report: Report) -> LocatedDict:
    """The options of the school (layers[0]) completed by its bases' (nearest first)."""
    school = layers[0]
    merged = LocatedDict(school.options.line, school.display)
    merged.key_files = {}
    for layer in reversed(layers):
        for key, value in layer.options.items():
            if layer is not school and key in OWN_OPTIONS + LAYER_FOLDERS:
                continue
            merged[key] = value
            merged.key_lines[key] = layer.options.line_of(key)
            merged.key_files[key] = layer.options.file_of(key) or layer.display
    return merged


def layer_writing(layers: list[ConfigLayer], key: str) -> ConfigLayer:
    """The layer whose value of the option is used (the school's when none has it)."""
    return next((layer for layer in layers if key in layer.options), layers[0])
