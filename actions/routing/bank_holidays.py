"""England & Wales bank holidays, read from actions/data/bank_holidays.yml."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import FrozenSet

from actions.routing.checks import Checker
from actions.routing.yaml_file import load_yaml


@dataclass(frozen=True)
class BankHolidays:
    dates: FrozenSet[dt.date]
    years: FrozenSet[int]  # years the file lists; outside them we cannot tell

    def covers(self, year: int) -> bool:
        return year in self.years

    def is_holiday(self, day: dt.date) -> bool:
        return day in self.dates


def load_bank_holidays(path: Path) -> BankHolidays:
    top = Checker(path, None).mapping(load_yaml(path), "", ("source", "last_checked", "holidays"))
    Checker(path, None).https_url(top["source"], "source")
    Checker(path, None).date(top["last_checked"], "last_checked")
    dates = set()
    for index, item in enumerate(Checker(path, None).items(top["holidays"], "holidays")):
        check = Checker(path, f"holidays[{index}]")
        fields = check.mapping(item, "", ("date", "name"))
        day = check.date(fields["date"], "date")
        check.text(fields["name"], "name")
        if day.weekday() >= 5:
            check.fail(
                "date",
                f"{day} is a {day:%A}; bank holidays that fall at a weekend move to a weekday",
            )
        if day in dates:
            check.fail("date", f"{day} is listed twice")
        dates.add(day)
    return BankHolidays(frozenset(dates), frozenset(d.year for d in dates))
