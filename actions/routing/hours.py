"""Opening hours: the structured form in services.yml, and whether a service is open now.

All times are London wall-clock times. `now` is always passed in (an aware datetime) and converted
with zoneinfo, so clock changes (GMT <-> BST) need no special code.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from dataclasses import dataclass, replace
from typing import Any, Dict, List, Tuple
from zoneinfo import ZoneInfo

from actions.routing.bank_holidays import BankHolidays
from actions.routing.checks import Checker

LONDON = ZoneInfo("Europe/London")
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
BANK_HOLIDAY_RULES = ("closed", "open_all_day", "usual_hours")
_TIME = re.compile(r"^([01][0-9]|2[0-3]):([0-5][0-9])$|^24:00$")
_DAY_MINUTES = 24 * 60


class OpenState(enum.Enum):
    OPEN = "open"
    CLOSED = "closed"
    PROBABLY_OPEN = "probably_open"  # times not confirmed, or bank holidays unknown for this year
    PROBABLY_CLOSED = "probably_closed"
    UNKNOWN = "unknown"  # no times known at all

    @property
    def open_now(self) -> bool | None:
        """True or False only when we are sure; None otherwise (no open/closed badge)."""
        return {OpenState.OPEN: True, OpenState.CLOSED: False}.get(self)

    @property
    def maybe_closed(self) -> bool:
        return self in (OpenState.CLOSED, OpenState.PROBABLY_CLOSED, OpenState.UNKNOWN)


@dataclass(frozen=True)
class TimeRange:
    start: int  # minutes after midnight, London time
    end: int  # exclusive; 1440 means midnight at the end of the day


@dataclass(frozen=True)
class Hours:
    always_open: bool
    weekly: Tuple[Tuple[TimeRange, ...], ...]  # seven entries, Monday first
    bank_holidays: str  # one of BANK_HOLIDAY_RULES
    confirmed: bool
    summary: str  # plain-English description shown to people

    @property
    def known(self) -> bool:
        return self.always_open or any(self.weekly)


def open_state(hours: Hours, now: dt.datetime, holidays: BankHolidays) -> OpenState:
    """Whether the service is open at `now` (aware datetime), in London time."""
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("now must be timezone-aware (e.g. datetime.now(timezone.utc))")
    if not hours.known:
        return OpenState.UNKNOWN
    if hours.always_open:
        is_open, sure = True, hours.confirmed
    else:
        local = now.astimezone(LONDON)
        is_open, sure = _open_at(hours, local, holidays)
        sure = sure and hours.confirmed
    if sure:
        return OpenState.OPEN if is_open else OpenState.CLOSED
    return OpenState.PROBABLY_OPEN if is_open else OpenState.PROBABLY_CLOSED


def _open_at(hours: Hours, local: dt.datetime, holidays: BankHolidays) -> Tuple[bool, bool]:
    """(open?, sure?) at a London wall-clock time. Unsure when we lack that year's bank holidays."""
    minute = local.hour * 60 + local.minute
    in_weekly = any(r.start <= minute < r.end for r in hours.weekly[local.weekday()])
    if hours.bank_holidays == "usual_hours":
        return in_weekly, True
    if not holidays.covers(local.year):
        return in_weekly, False
    if holidays.is_holiday(local.date()):
        return hours.bank_holidays == "open_all_day", True
    return in_weekly, True


# --- Reading the `hours:` block of a service -------------------------------------------------


def parse_hours(check: Checker, raw: Any) -> Hours:
    where = "hours"
    fields = check.mapping(
        raw, where, (), ("always_open", "open", "bank_holidays", "confirmed", "summary")
    )
    always = check.flag(fields.get("always_open", False), "hours.always_open")
    confirmed = check.flag(fields.get("confirmed", True), "hours.confirmed")
    has_times = fields.get("open") is not None
    if always and has_times:
        check.fail(where, "give either always_open: true or open: times, not both")
    if not always and not has_times and confirmed:
        check.fail(
            where,
            "no opening times: add open: times, or always_open: true, "
            "or confirmed: false if the times are not known yet",
        )
    weekly = _parse_weekly(check, fields["open"]) if has_times else tuple(() for _ in DAYS)
    if has_times:
        rule = check.choice(fields.get("bank_holidays"), "hours.bank_holidays", BANK_HOLIDAY_RULES)
    else:
        if fields.get("bank_holidays") is not None:
            check.fail("hours.bank_holidays", "only needed with open: times")
        rule = "usual_hours"
    hours = Hours(always, weekly, rule, confirmed, summary="")
    summary = check.optional_text(fields, "summary", where) or describe(hours)
    return replace(hours, summary=summary)


def _parse_weekly(check: Checker, raw: Any) -> Tuple[Tuple[TimeRange, ...], ...]:
    per_day: List[List[TimeRange]] = [[] for _ in DAYS]
    for index, item in enumerate(check.items(raw, "hours.open")):
        where = f"hours.open[{index}]"
        block = check.mapping(item, where, ("days", "from", "to"))
        start = _minutes(check, block["from"], f"{where}.from")
        end = _minutes(check, block["to"], f"{where}.to")
        if start >= end:
            check.fail(
                where,
                f"from {block['from']} must be before to {block['to']} "
                "(for overnight hours use two lines, e.g. 17:00 to 24:00 and 00:00 to 09:00)",
            )
        days = block["days"] if isinstance(block["days"], list) else [block["days"]]
        for day in days:
            if day not in DAYS:
                check.fail(f"{where}.days", f"{day!r} is not a day (use {', '.join(DAYS)})")
            per_day[DAYS.index(day)].append(TimeRange(start, end))
    for day, ranges in zip(DAYS, per_day, strict=True):
        ranges.sort(key=lambda r: r.start)
        for first, second in zip(ranges, ranges[1:]):  # noqa: B905 (neighbouring pairs)
            if second.start < first.end:
                check.fail("hours.open", f"the times for {day} overlap")
    return tuple(tuple(r) for r in per_day)


def _minutes(check: Checker, value: Any, where: str) -> int:
    if not isinstance(value, str) or not _TIME.match(value):
        check.fail(where, f"{value!r} is not a time (use 24-hour HH:MM, e.g. 09:00 or 17:30)")
    hh, mm = value.split(":")
    return int(hh) * 60 + int(mm)


# --- Plain-English description ---------------------------------------------------------------


def describe(hours: Hours) -> str:
    """E.g. "Monday to Friday, 9am to 5pm. Closed on bank holidays." (when no summary is given)"""
    if hours.always_open:
        text = "Open 24 hours a day, every day."
    elif not hours.known:
        return "Opening hours to be confirmed."
    else:
        groups: Dict[Tuple[TimeRange, ...], List[int]] = {}
        for day, ranges in enumerate(hours.weekly):
            if ranges:
                groups.setdefault(ranges, []).append(day)
        parts = [f"{_days_text(days)}, {_ranges_text(ranges)}." for ranges, days in groups.items()]
        parts.append(
            {
                "closed": "Closed on bank holidays.",
                "open_all_day": "Open all day on bank holidays.",
                "usual_hours": "",
            }[hours.bank_holidays]
        )
        text = " ".join(p for p in parts if p)
    return text if hours.confirmed else f"{text} (To be confirmed.)"


def _days_text(days: List[int]) -> str:
    if len(days) > 2 and days == list(range(days[0], days[-1] + 1)):
        return f"{DAY_NAMES[days[0]]} to {DAY_NAMES[days[-1]]}"
    names = [DAY_NAMES[d] for d in days]
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def _ranges_text(ranges: Tuple[TimeRange, ...]) -> str:
    if ranges == (TimeRange(0, _DAY_MINUTES),):
        return "all day"
    return " and ".join(f"{_clock(r.start)} to {_clock(r.end)}" for r in ranges)


def _clock(minutes: int) -> str:
    if minutes in (0, _DAY_MINUTES):
        return "midnight"
    if minutes == 12 * 60:
        return "midday"
    hour, minute = divmod(minutes, 60)
    suffix = "am" if hour < 12 else "pm"
    hour12 = hour % 12 or 12
    return f"{hour12}{suffix}" if minute == 0 else f"{hour12}:{minute:02d}{suffix}"
