"""Read a data file as YAML, the way a council officer would expect it to read.

Plain YAML 1.1 has traps for hand-edited files: `yes`/`no`/`on`/`off` turn into true/false,
`17:00` turns into the number 1020 and `+441273290400` into a number. This loader keeps all of
those as the text that was typed. Only `true`/`false`, `null` and dates (2026-11-27) are special.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from actions.routing.errors import DataFileError

_BOOL = "tag:yaml.org,2002:bool"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"


_BASE = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's fast parser where installed


class _Loader(_BASE):
    """SafeLoader without YAML 1.1's surprising booleans and numbers."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag not in (_BOOL, _INT, _FLOAT)]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    _BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def load_yaml(path: Path) -> Any:
    """The parsed file, or a DataFileError naming the file and the line that does not parse."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DataFileError(path, None, "file not found") from None
    except OSError as exc:
        raise DataFileError(path, None, f"cannot read the file ({exc.strerror})") from None
    try:
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        # The parser's own words ("expected <block end>...") help nobody: say where, what to check.
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
        raise DataFileError(
            path,
            None,
            f"not valid YAML{where}: check the spaces at the start of the line, "
            "and any quotes or colons",
        ) from None
