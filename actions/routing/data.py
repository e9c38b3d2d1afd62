"""Load the three data files together, in dependency order."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from actions.routing.bank_holidays import BankHolidays, load_bank_holidays
from actions.routing.directory import Directory, load_directory
from actions.routing.rule_table import RuleTable, load_rule_table

DEFAULT_DATA_DIR = Path(__file__).resolve().parent.parent / "data"
SERVICES_FILE = "services.yml"
RULES_FILE = "routing_rules.yml"
BANK_HOLIDAYS_FILE = "bank_holidays.yml"


@dataclass(frozen=True)
class RoutingData:
    directory: Directory
    rules: RuleTable
    bank_holidays: BankHolidays


def load_routing_data(data_dir: Path | None = None) -> RoutingData:
    """Read and check services.yml, routing_rules.yml and bank_holidays.yml; raise DataFileError."""
    folder = Path(data_dir) if data_dir is not None else DEFAULT_DATA_DIR
    directory = load_directory(folder / SERVICES_FILE)
    return RoutingData(
        directory=directory,
        rules=load_rule_table(folder / RULES_FILE, directory),
        bank_holidays=load_bank_holidays(folder / BANK_HOLIDAYS_FILE),
    )


@lru_cache(maxsize=1)
def routing_data() -> RoutingData:
    """The data in actions/data/, read and checked once per process and shared by every module that
    needs it. load_routing_data() reads the files afresh, from any folder."""
    return load_routing_data()
