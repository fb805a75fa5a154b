"""What a school changes in its base, item by item: the académie's report lists them per school and
counts, across schools, the base's items most often replaced or removed."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

ADDED, CHANGED, COMPLETED, MOVED, REMOVED, REPLACED = (
    "ajouté",
    "modifié",
    "complété",
    "déplacé",
    "retiré",
    "remplacé",
)


@dataclass(frozen=True)
class Divergence:
    action: str  # one of the above
    kind: str  # tâche, période, jalon, rôle, guide
    name: str  # its id, number or file name
    file: str  # the school's file that says it, and its line
    line: int
    base_digest: str = ""  # of the base's item, as it was: the report sees when it has changed

    @property
    def done(self) -> str:
        """The action agreeing with the item: « tâche complétée », « guide complété »."""
        return agreed(self.action, self.kind)


FEMININE = ("tâche", "période")


def agreed(action: str, kind: str) -> str:
    return action + "e" if kind in FEMININE else action


def digest_of(value: object) -> str:
    """A short digest of a base item as read (a YAML value, or a guide's text digest)."""
    return hashlib.sha1(repr(_plain(value)).encode()).hexdigest()[:12]


def _plain(value: object) -> object:
    if isinstance(value, dict):
        return sorted((str(key), _plain(item)) for key, item in value.items())
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value
