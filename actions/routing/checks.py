"""Small validators shared by the loaders. Each failure names the file, the entry and the field."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, Callable, Collection, Dict, List, NoReturn, Tuple, TypeVar

from actions.routing.errors import DataFileError

T = TypeVar("T")


class Checker:
    """Checks the fields of one entry (a service, a rule...) and reports problems against it."""

    def __init__(self, file: Path, entry: str | None) -> None:
        self.file = file
        self.entry = entry

    def fail(self, where: str, problem: str) -> NoReturn:
        raise DataFileError(self.file, self.entry, f"{where}: {problem}" if where else problem)

    def mapping(
        self, value: Any, where: str, required: Collection[str], optional: Collection[str] = ()
    ) -> Dict[str, Any]:
        """A mapping with exactly the known fields: catches typos such as `phone:` for `phones:`."""
        if not isinstance(value, dict):
            self.fail(where, f"should be a set of fields ({', '.join(required)})")
        known = list(required) + list(optional)
        for key in value:
            if key not in known:
                self.fail(
                    _join(where, str(key)), f"unknown field (known fields: {', '.join(known)})"
                )
        for key in required:
            if value.get(key) is None:
                self.fail(_join(where, key), "missing")
        return value

    def items(self, value: Any, where: str, allow_empty: bool = False) -> List[Any]:
        if not isinstance(value, list):
            self.fail(where, "should be a list (lines starting with '- ')")
        if not value and not allow_empty:
            self.fail(where, "should not be empty")
        return value

    def each(
        self,
        value: Any,
        where: str,
        parse: Callable[[Any, str], T],
        allow_empty: bool = False,
    ) -> Tuple[T, ...]:
        """Parse every item of a list; each item's place is reported as e.g. phones[0]."""
        items = self.items(value, where, allow_empty)
        return tuple(parse(item, f"{where}[{i}]") for i, item in enumerate(items))

    def optional_text(self, fields: Dict[str, Any], key: str, where: str = "") -> str | None:
        value = fields.get(key)
        return None if value is None else self.text(value, _join(where, key))

    def text(self, value: Any, where: str) -> str:
        if not isinstance(value, str) or not value.strip():
            self.fail(where, "should be some text")
        return " ".join(value.split())  # folded YAML text keeps no stray newlines

    def choice(self, value: Any, where: str, choices: Collection[str]) -> str:
        if value not in choices:
            self.fail(where, f"{value!r} is not allowed (use {', '.join(choices)})")
        return value

    def flag(self, value: Any, where: str) -> bool:
        if not isinstance(value, bool):
            self.fail(where, f"{value!r} should be true or false")
        return value

    def date(self, value: Any, where: str) -> dt.date:
        if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
            self.fail(where, f"{value!r} is not a date (write it as YYYY-MM-DD, e.g. 2026-11-27)")
        return value

    def https_url(self, value: Any, where: str) -> str:
        url = self.text(value, where)
        if not url.startswith("https://") or " " in url or len(url) <= len("https://"):
            self.fail(where, f"{url!r} is not a web address starting with https://")
        return url


def _join(where: str, key: str) -> str:
    return f"{where}.{key}" if where else key
