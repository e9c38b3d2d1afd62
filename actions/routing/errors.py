"""The one error a broken data file produces: which file, which entry, what is wrong."""

from __future__ import annotations

from pathlib import Path


def display_path(path: str | Path) -> str:
    """The path as an officer would type it: relative to the current folder, if inside it."""
    path = Path(path)
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


class DataFileError(Exception):
    """A data file is missing or wrong. The message is one line, meant for the person editing it.

    Example: ``actions/data/services.yml: service 'access_point': hours.open[0].days:
    'Mondy' is not a day (use mon, tue, wed, thu, fri, sat, sun)``
    """

    def __init__(self, file: str | Path, entry: str | None, problem: str) -> None:
        self.file = display_path(file)
        self.entry = entry
        self.problem = problem
        parts = [self.file] + ([entry] if entry else []) + [problem]
        super().__init__(": ".join(parts))
