"""Text that can be worded for the person themselves and for someone worried about another.

In the data files such a field is either one text for everyone, or two:

    reason:
      self: You said you are under 18. ...
      someone_else: You said this is about someone under 18. ...

"someone_else" is also what is shown when we do not know who it is about.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from actions.routing.checks import Checker

SELF = "self"
SOMEONE_ELSE = "someone_else"
AUDIENCES = (SELF, SOMEONE_ELSE)


@dataclass(frozen=True)
class Wording:
    for_someone_else: str
    for_self: str

    def to(self, audience: str) -> str:
        return self.for_self if audience == SELF else self.for_someone_else

    @property
    def varies(self) -> bool:
        return self.for_self != self.for_someone_else


def parse_wording(check: Checker, value: Any, where: str) -> Wording:
    if isinstance(value, dict):
        fields = check.mapping(value, where, AUDIENCES)
        return Wording(
            for_someone_else=check.text(fields[SOMEONE_ELSE], f"{where}.{SOMEONE_ELSE}"),
            for_self=check.text(fields[SELF], f"{where}.{SELF}"),
        )
    text = check.text(value, where)
    return Wording(text, text)
