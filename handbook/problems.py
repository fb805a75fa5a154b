"""Problems found in the input: every stage reports them here, the build shows them all at once."""

from __future__ import annotations

import dataclasses
import difflib
import errno
import os
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    file: str
    line: int | None
    field: str | None
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.line:
            where += f", ligne {self.line}"
        if self.field:
            where += f", champ « {self.field} »"
        return f"{where} : {self.message}"

    def seen_from_here(self, root: Path) -> Problem:
        """The same problem with its file named from the current folder, so the user can open it as
        shown. (Files are named from the project folder, root; a command or an option, such as
        « --output », is not a file and stays as it is.)"""
        if not self.file.endswith((".yaml", ".yml", ".md")) or Path(self.file).is_absolute():
            return self
        return dataclasses.replace(self, file=shown_path(root / self.file))


def shown_path(path: Path) -> str:
    """A path as the user can type it from the current folder: relative when near, else absolute."""
    relative = os.path.relpath(path.absolute())
    return (
        path.absolute().as_posix()
        if relative.startswith(os.path.join("..", ".."))
        else Path(relative).as_posix()
    )


GENERATOR = Path(__file__).resolve().parent.parent


def command(arguments: str) -> str:
    """A command of build.py as the user types it from the current folder."""
    here = Path.cwd().resolve() == GENERATOR
    script = "build.py" if here else shown_path(GENERATOR / "build.py")
    return f"python3 {script} {arguments}".rstrip()


def in_order(problems) -> list[Problem]:
    """Problems file by file, line by line; those of one line keep the order they were found in."""
    return sorted(problems, key=lambda problem: (problem.file, problem.line or 0))


def shown(problems, root: Path) -> list[Problem]:
    """Problems in file and line order, each file named from the current folder (root: the project
    folder), as the user reads them."""
    return [problem.seen_from_here(root) for problem in in_order(problems)]


@dataclass
class Report:
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    notes: list[Problem] = field(
        default_factory=list
    )  # a choice the reader may not know the effect of; never refused

    def error(self, file: str, line: int | None, field: str | None, message: str) -> None:
        self.errors.append(Problem(file, line, field, message))

    def warn(self, file: str, line: int | None, field: str | None, message: str) -> None:
        self.warnings.append(Problem(file, line, field, message))

    def note(self, file: str, line: int | None, field: str | None, message: str) -> None:
        self.notes.append(Problem(file, line, field, message))


def did_you_mean(word: object, choices) -> str:
    """« (vouliez-vous écrire « x » ?) » when a choice is close to the word typed, else nothing."""
    close = difflib.get_close_matches(str(word), [str(choice) for choice in choices], n=1)
    return f" (vouliez-vous écrire « {close[0]} » ?)" if close else ""


SYSTEM_REASONS = {
    errno.EACCES: "accès refusé",
    errno.EPERM: "opération non permise",
    errno.ENOENT: "introuvable",
    errno.ENOSPC: "plus de place sur le disque",
    errno.EROFS: "disque en lecture seule",
    errno.EISDIR: "c'est un dossier, pas un fichier",
    errno.ENOTDIR: "une partie du chemin est un fichier, pas un dossier",
    errno.EBUSY: "occupé par un autre programme",
    errno.ENAMETOOLONG: "nom trop long",
    errno.EEXIST: "un fichier ou un dossier porte déjà ce nom",
}


def counted(number: int, noun: str) -> str:
    """« 1 erreur », « 2 erreurs »: the noun agrees with its number (never « erreur(s) »)."""
    return f"{number} {noun}{'s' if number > 1 else ''}"


def system_reason(error: OSError) -> str:
    """Why the system refused, in French (its own words are English on most servers)."""
    return SYSTEM_REASONS.get(error.errno, error.strerror or str(error))


class BuildFailed(Exception):
    """Raised once a stage has reported errors; carries the report with all of them."""

    def __init__(self, report: Report):
        super().__init__(counted(len(report.errors), "erreur"))
        self.report = report
