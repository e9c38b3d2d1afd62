"""The service directory: actions/data/services.yml, loaded and checked."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from types import MappingProxyType
from typing import Any, Dict, Iterator, Mapping, Tuple

from actions.routing.checks import Checker
from actions.routing.hours import Hours, parse_hours
from actions.routing.wording import Wording, parse_wording
from actions.routing.yaml_file import load_yaml

# How far the facts of an entry are checked (services.yml's header says what each means).
CONFIRMED, FROM_RESEARCH, TO_BE_CONFIRMED = "confirmed", "from_research", "to_be_confirmed"
STATUSES = (CONFIRMED, FROM_RESEARCH, TO_BE_CONFIRMED)
_ID = re.compile(r"^[a-z][a-z0-9_]*$")
# +44 and the number without its leading 0, or a short number such as 999, 101 or 18001 101.
_TEL = re.compile(r"^\+44[1-9][0-9]{6,9}$|^[0-9]{3,8}$")

_REQUIRED = (
    "id",
    "name",
    "what_for",
    "who_for",
    "phones",
    "hours",
    "anonymous",
    "what_happens",
    "sources",
    "status",
)
_OPTIONAL = (
    "short_name",
    "other_ways",
    "out_of_hours",
    "languages",
    "previous_numbers",
    "in_contact_menu",
    "check_notes",
    "last_checked",
)


@dataclass(frozen=True)
class Phone:
    label: str  # e.g. "Phone", "Textphone"
    display: str  # as people read it: "01273 290400"
    tel: str  # dialable: "+441273290400" or "999"


@dataclass(frozen=True)
class OtherWay:
    label: str
    url: str | None = None  # https only
    detail: str | None = None


@dataclass(frozen=True)
class OutOfHours:
    call: Tuple[str, ...]  # ids of services to suggest when this one is closed
    advice: str | None  # e.g. "If someone is in danger now, call 999."
    reason: str | None  # shown on the card of an out-of-hours service when it is added


@dataclass(frozen=True)
class PreviousNumber:
    tel: str
    replaced_on: dt.date | None
    note: str


@dataclass(frozen=True)
class Service:
    id: str
    name: str
    short_name: str
    what_for: str
    who_for: str
    phones: Tuple[Phone, ...]
    other_ways: Tuple[OtherWay, ...]
    hours: Hours
    out_of_hours: OutOfHours | None
    anonymous: Wording  # worded for the person themselves and for someone else
    languages: str | None
    what_happens: Wording
    sources: Tuple[str, ...]
    last_checked: dt.date | None  # only for status confirmed: when a person checked the sources
    status: str
    previous_numbers: Tuple[PreviousNumber, ...]
    in_contact_menu: bool
    check_notes: str | None

    @property
    def still_checking(self) -> bool:
        """Something on the card may be wrong (a number or a fact is still to be confirmed): the
        card says so."""
        return self.status == TO_BE_CONFIRMED


@dataclass(frozen=True)
class Directory:
    """The services in file order, looked up by id."""

    by_id: Mapping[str, Service]

    def __getitem__(self, service_id: str) -> Service:
        return self.by_id[service_id]

    def __contains__(self, service_id: object) -> bool:
        return service_id in self.by_id

    def __iter__(self) -> Iterator[Service]:
        return iter(self.by_id.values())

    def get(self, service_id: str | None) -> Service | None:
        return self.by_id.get(service_id) if service_id else None


def load_directory(path: Path) -> Directory:
    top = Checker(path, None).mapping(load_yaml(path), "", ("services",))
    services: Dict[str, Service] = {}
    for index, raw in enumerate(Checker(path, None).items(top["services"], "services")):
        service = _parse_service(path, index, raw)
        if service.id in services:
            Checker(path, f"service '{service.id}'").fail(
                "id", "used by two services; each id must be unique"
            )
        services[service.id] = service
    _check_links(path, services)
    return Directory(MappingProxyType(services))


def _parse_service(path: Path, index: int, raw: Any) -> Service:
    service_id = raw.get("id") if isinstance(raw, dict) else None
    check = Checker(
        path, f"service '{service_id}'" if isinstance(service_id, str) else f"services[{index}]"
    )
    fields = check.mapping(raw, "", _REQUIRED, _OPTIONAL)
    if not _ID.match(str(fields["id"])):
        check.fail("id", f"{fields['id']!r} should be lower-case letters, digits and _")
    name = check.text(fields["name"], "name")
    hours = parse_hours(check, fields["hours"])
    out_of_hours = _parse_out_of_hours(check, fields.get("out_of_hours"))
    if out_of_hours is None and not (hours.always_open and hours.confirmed):
        check.fail("out_of_hours", "missing: say what to do when this service is closed")
    status = check.choice(fields["status"], "status", STATUSES)
    _check_status(check, status, fields)
    return Service(
        id=fields["id"],
        name=name,
        short_name=check.text(fields.get("short_name", name), "short_name"),
        what_for=check.text(fields["what_for"], "what_for"),
        who_for=check.text(fields["who_for"], "who_for"),
        phones=check.each(fields["phones"], "phones", partial(_parse_phone, check)),
        other_ways=check.each(
            fields.get("other_ways", []), "other_ways", partial(_parse_other_way, check), True
        ),
        hours=hours,
        out_of_hours=out_of_hours,
        anonymous=parse_wording(check, fields["anonymous"], "anonymous"),
        languages=check.optional_text(fields, "languages"),
        what_happens=parse_wording(check, fields["what_happens"], "what_happens"),
        sources=check.each(fields["sources"], "sources", check.https_url),
        last_checked=(
            check.date(fields["last_checked"], "last_checked") if status == CONFIRMED else None
        ),
        status=status,
        previous_numbers=check.each(
            fields.get("previous_numbers", []),
            "previous_numbers",
            partial(_parse_previous, check),
            True,
        ),
        in_contact_menu=check.flag(fields.get("in_contact_menu", False), "in_contact_menu"),
        check_notes=check.optional_text(fields, "check_notes"),
    )


def _check_status(check: Checker, status: str, fields: Dict[str, Any]) -> None:
    """A date of checking is a claim: only a confirmed entry has one, and every other entry says
    what is left to check."""
    if status == CONFIRMED and fields.get("last_checked") is None:
        check.fail("last_checked", "missing: the date a person checked these facts (confirmed)")
    if status != CONFIRMED and fields.get("last_checked") is not None:
        check.fail(
            "last_checked",
            f"only for confirmed entries; this one is {status}, so nobody has checked it yet",
        )
    if status != CONFIRMED and fields.get("check_notes") is None:
        check.fail("check_notes", f"missing: say what the council must check ({status})")


def _parse_phone(check: Checker, raw: Any, where: str) -> Phone:
    fields = check.mapping(raw, where, ("label", "display", "tel"))
    display = check.text(fields["display"], f"{where}.display")
    tel = _tel(check, fields["tel"], f"{where}.tel")
    if _dialled_digits(tel) != re.sub(r"\s", "", display):
        check.fail(
            where,
            f"display {display!r} and tel {tel!r} are different numbers; change both together",
        )
    return Phone(check.text(fields["label"], f"{where}.label"), display, tel)


def _tel(check: Checker, value: Any, where: str) -> str:
    if not isinstance(value, str) or not _TEL.match(value):
        check.fail(
            where,
            f"{value!r} is not a tel number (write +44 then the number without its first 0, "
            "e.g. +441273290400, or a short number such as 999)",
        )
    return value


def _dialled_digits(tel: str) -> str:
    return "0" + tel[3:] if tel.startswith("+44") else tel


def _parse_other_way(check: Checker, raw: Any, where: str) -> OtherWay:
    fields = check.mapping(raw, where, ("label",), ("url", "detail"))
    url = check.https_url(fields["url"], f"{where}.url") if fields.get("url") is not None else None
    detail = check.optional_text(fields, "detail", where)
    return OtherWay(check.text(fields["label"], f"{where}.label"), url, detail)


def _parse_out_of_hours(check: Checker, raw: Any) -> OutOfHours | None:
    if raw is None:
        return None
    where = "out_of_hours"
    fields = check.mapping(raw, where, (), ("call", "advice", "reason"))
    call = check.each(fields.get("call", []), f"{where}.call", check.text, True)
    advice = check.optional_text(fields, "advice", where)
    reason = check.optional_text(fields, "reason", where)
    if not call and advice is None:
        check.fail(where, "give a service to call, or some advice, or both")
    if call and reason is None:
        check.fail(f"{where}.reason", "missing: the reason shown when the other service is added")
    return OutOfHours(call, advice, reason)


def _parse_previous(check: Checker, raw: Any, where: str) -> PreviousNumber:
    fields = check.mapping(raw, where, ("tel", "note"), ("replaced_on",))
    replaced = fields.get("replaced_on")
    return PreviousNumber(
        tel=_tel(check, fields["tel"], f"{where}.tel"),
        replaced_on=check.date(replaced, f"{where}.replaced_on") if replaced is not None else None,
        note=check.text(fields["note"], f"{where}.note"),
    )


def _check_links(path: Path, services: Mapping[str, Service]) -> None:
    """Cross-service checks: out-of-hours services exist; no old number is shown as current."""
    current = {phone.tel: s.id for s in services.values() for phone in s.phones}
    for service in services.values():
        check = Checker(path, f"service '{service.id}'")
        for i, other in enumerate(service.out_of_hours.call if service.out_of_hours else ()):
            if other not in services:
                check.fail(
                    f"out_of_hours.call[{i}]",
                    f"unknown service {other!r} (known: {', '.join(services)})",
                )
            if other == service.id:
                check.fail(
                    f"out_of_hours.call[{i}]", "a service cannot be its own out-of-hours service"
                )
        for i, old in enumerate(service.previous_numbers):
            if old.tel in current:
                check.fail(
                    f"previous_numbers[{i}].tel",
                    f"{old.tel} is still listed as a current number "
                    f"of service '{current[old.tel]}'",
                )
