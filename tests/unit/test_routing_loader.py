"""Broken copies of the data files must fail with one exact, helpful line: file, entry, problem."""

from __future__ import annotations

import copy
import datetime as dt
import shutil
from pathlib import Path
from typing import Any, Callable

import pytest
import yaml

from actions.routing import (
    DEFAULT_DATA_DIR,
    DataFileError,
    load_routing_data,
    review,
    routing_data,
)
from actions.routing.yaml_file import load_yaml

SERVICES, RULES, HOLIDAYS = "services.yml", "routing_rules.yml", "bank_holidays.yml"
REPO = Path(__file__).resolve().parents[2]
# The ids as written in the file, in order: the loader's "unknown service" message lists them.
RAW_SERVICES = load_yaml(DEFAULT_DATA_DIR / SERVICES)["services"]
SERVICE_IDS = ", ".join(entry["id"] for entry in RAW_SERVICES)
FRONT_DOOR = "services.yml: service 'front_door_for_families': "


def service(data: dict, service_id: str) -> dict:
    return next(s for s in data["services"] if s["id"] == service_id)


def rule(data: dict, rule_id: str) -> dict:
    return next(r for r in data["rules"] if r["id"] == rule_id)


def broken(tmp_path: Path, file: str, change: Callable[[Any], None]) -> str:
    """Copy the real data files to tmp_path, change one, load them all; return the error line."""
    for name in (SERVICES, RULES, HOLIDAYS):
        shutil.copy(DEFAULT_DATA_DIR / name, tmp_path / name)
    data = copy.deepcopy(load_yaml(DEFAULT_DATA_DIR / file))
    change(data)
    (tmp_path / file).write_text(
        yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8"
    )
    with pytest.raises(DataFileError) as error:
        load_routing_data(tmp_path)
    message = str(error.value)
    assert "\n" not in message
    return message.replace(str(tmp_path) + "/", "")


def test_the_real_files_load():
    data = load_routing_data()
    assert len(list(data.directory)) == len(RAW_SERVICES) >= 12 and data.rules.rules


def test_the_real_files_are_read_once_and_shared():
    assert routing_data() is routing_data()
    assert routing_data() == load_routing_data()


def test_unchanged_copies_load(tmp_path):
    for name in (SERVICES, RULES, HOLIDAYS):
        (tmp_path / name).write_text(
            yaml.safe_dump(load_yaml(DEFAULT_DATA_DIR / name), sort_keys=False)
        )
    assert load_routing_data(tmp_path) == load_routing_data()


# --- services.yml ----------------------------------------------------------------------------


def test_misspelt_day(tmp_path):
    def change(d):
        service(d, "access_point")["hours"] = {
            "open": [{"days": ["Mondy"], "from": "09:00", "to": "17:00"}],
            "bank_holidays": "closed",
        }

    assert broken(tmp_path, SERVICES, change) == (
        "services.yml: service 'access_point': hours.open[0].days: 'Mondy' is not a day "
        "(use mon, tue, wed, thu, fri, sat, sun)"
    )


def test_time_not_in_hh_mm(tmp_path):
    def change(d):
        service(d, "front_door_for_families")["hours"]["open"][0]["from"] = "9am"

    assert broken(tmp_path, SERVICES, change) == (
        "services.yml: service 'front_door_for_families': hours.open[0].from: '9am' is not a time "
        "(use 24-hour HH:MM, e.g. 09:00 or 17:30)"
    )


def test_closing_before_opening(tmp_path):
    def change(d):
        service(d, "front_door_for_families")["hours"]["open"][0].update(
            {"from": "17:00", "to": "09:00"}
        )

    assert broken(tmp_path, SERVICES, change) == (
        f"{FRONT_DOOR}hours.open[0]: from 17:00 must be before to 09:00 "
        "(for overnight hours use two lines, e.g. 17:00 to 24:00 and 00:00 to 09:00)"
    )


def test_unknown_bank_holiday_rule(tmp_path):
    def change(d):
        service(d, "front_door_for_families")["hours"]["bank_holidays"] = "shut"

    assert broken(tmp_path, SERVICES, change) == (
        f"{FRONT_DOOR}hours.bank_holidays: 'shut' is not allowed "
        "(use closed, open_all_day, usual_hours)"
    )


def test_missing_source(tmp_path):
    def change(d):
        del service(d, "childline")["sources"]

    assert (
        broken(tmp_path, SERVICES, change) == "services.yml: service 'childline': sources: missing"
    )


def test_empty_sources(tmp_path):
    def change(d):
        service(d, "childline")["sources"] = []

    assert broken(tmp_path, SERVICES, change) == (
        "services.yml: service 'childline': sources: should not be empty"
    )


def test_source_not_https(tmp_path):
    def change(d):
        service(d, "childline")["sources"][0] = "http://www.childline.org.uk/"

    assert broken(tmp_path, SERVICES, change) == (
        "services.yml: service 'childline': sources[0]: 'http://www.childline.org.uk/' "
        "is not a web address starting with https://"
    )


def test_duplicate_service_id(tmp_path):
    def change(d):
        d["services"].append(copy.deepcopy(service(d, "childline")))

    assert broken(tmp_path, SERVICES, change) == (
        "services.yml: service 'childline': id: used by two services; each id must be unique"
    )


def test_display_and_tel_disagree(tmp_path):
    def change(d):
        service(d, "front_door_for_families")["phones"][0]["display"] = "01273 290401"

    assert broken(tmp_path, SERVICES, change) == (
        "services.yml: service 'front_door_for_families': phones[0]: display '01273 290401' and "
        "tel '+441273290400' are different numbers; change both together"
    )


def test_tel_not_in_tel_form(tmp_path):
    def change(d):
        service(d, "front_door_for_families")["phones"][0]["tel"] = "01273 290400"

    assert broken(tmp_path, SERVICES, change) == (
        f"{FRONT_DOOR}phones[0].tel: '01273 290400' is not a tel number "
        "(write +44 then the number without its first 0, e.g. +441273290400, "
        "or a short number such as 999)"
    )


def test_unknown_status(tmp_path):
    def change(d):
        service(d, "early_help")["status"] = "confirmd"

    assert broken(tmp_path, SERVICES, change) == (
        "services.yml: service 'early_help': status: 'confirmd' is not allowed "
        "(use confirmed, from_research, to_be_confirmed)"
    )


def test_last_checked_not_a_date(tmp_path):
    def change(d):
        service(d, "samaritans")["last_checked"] = "27/11/2026"

    assert broken(tmp_path, SERVICES, change) == (
        "services.yml: service 'samaritans': last_checked: '27/11/2026' is not a date "
        "(write it as YYYY-MM-DD, e.g. 2026-11-27)"
    )


def test_confirmed_needs_the_date_it_was_checked(tmp_path):
    def change(d):
        del service(d, "samaritans")["last_checked"]

    assert broken(tmp_path, SERVICES, change) == (
        "services.yml: service 'samaritans': last_checked: missing: the date a person checked "
        "these facts (confirmed)"
    )


def test_a_date_of_checking_is_refused_where_nobody_checked(tmp_path):
    def change(d):
        service(d, "early_help")["last_checked"] = dt.date(2026, 11, 27)

    assert broken(tmp_path, SERVICES, change) == (
        "services.yml: service 'early_help': last_checked: only for confirmed entries; this one "
        "is to_be_confirmed, so nobody has checked it yet"
    )


def test_an_unconfirmed_entry_says_what_to_check(tmp_path):
    def change(d):
        del service(d, "crimestoppers")["check_notes"]

    assert broken(tmp_path, SERVICES, change) == (
        "services.yml: service 'crimestoppers': check_notes: missing: say what the council must "
        "check (from_research)"
    )


def test_old_number_put_back_as_current_is_refused(tmp_path):
    def change(d):
        old = service(d, "salvation_army")["previous_numbers"][0]["tel"]
        service(d, "crimestoppers")["phones"].append(
            {"label": "Old", "display": "0" + old[3:], "tel": old}
        )

    assert broken(tmp_path, SERVICES, change) == (
        "services.yml: service 'salvation_army': previous_numbers[0].tel: +443003038151 "
        "is still listed as a current number of service 'crimestoppers'"
    )


def test_unknown_out_of_hours_service(tmp_path):
    def change(d):
        service(d, "front_door_for_families")["out_of_hours"]["call"] = ["emergency_duty"]

    assert broken(tmp_path, SERVICES, change) == (
        "services.yml: service 'front_door_for_families': out_of_hours.call[0]: unknown service "
        f"'emergency_duty' (known: {SERVICE_IDS})"
    )


def test_service_that_closes_needs_out_of_hours_advice(tmp_path):
    def change(d):
        del service(d, "front_door_for_families")["out_of_hours"]

    assert broken(tmp_path, SERVICES, change) == (
        "services.yml: service 'front_door_for_families': out_of_hours: missing: "
        "say what to do when this service is closed"
    )


def test_misspelt_field(tmp_path):
    def change(d):
        service(d, "crimestoppers")["phone"] = service(d, "crimestoppers").pop("phones")

    assert broken(tmp_path, SERVICES, change) == (
        "services.yml: service 'crimestoppers': phone: unknown field (known fields: id, name, "
        "what_for, who_for, phones, hours, anonymous, what_happens, sources, status, "
        "short_name, other_ways, out_of_hours, languages, previous_numbers, in_contact_menu, "
        "check_notes, last_checked)"
    )


def test_other_way_link_must_be_https(tmp_path):
    def change(d):
        service(d, "childline")["other_ways"][0]["url"] = "www.childline.org.uk"

    assert broken(tmp_path, SERVICES, change) == (
        "services.yml: service 'childline': other_ways[0].url: 'www.childline.org.uk' "
        "is not a web address starting with https://"
    )


def test_not_yaml(tmp_path):
    for name in (SERVICES, RULES, HOLIDAYS):
        shutil.copy(DEFAULT_DATA_DIR / name, tmp_path / name)
    (tmp_path / SERVICES).write_text("services:\n  - id: x\n   name: y\n", encoding="utf-8")
    with pytest.raises(DataFileError) as error:
        load_routing_data(tmp_path)
    assert str(error.value) == (
        f"{tmp_path / SERVICES}: not valid YAML at line 3, column 4: check the spaces at "
        "the start of the line, and any quotes or colons"
    )


def test_missing_file(tmp_path):
    with pytest.raises(DataFileError) as error:
        load_routing_data(tmp_path)
    assert str(error.value) == f"{tmp_path / SERVICES}: file not found"


# --- routing_rules.yml -----------------------------------------------------------------------


def test_rule_with_unknown_service(tmp_path):
    def change(d):
        rule(d, "adult_themselves")["recommend"][0]["service"] = "salvation_army_uk"

    assert broken(tmp_path, RULES, change) == (
        "routing_rules.yml: rule 'adult_themselves': recommend[0].service: "
        f"unknown service 'salvation_army_uk' (services.yml has: {SERVICE_IDS})"
    )


def test_rule_with_unknown_question(tmp_path):
    def change(d):
        rule(d, "danger_now")["when"] = {"danger": "yes"}

    assert broken(tmp_path, RULES, change) == (
        "routing_rules.yml: rule 'danger_now': when: unknown answer 'danger' "
        "(use danger_now, about, age_group, care_needs, in_brighton_hove)"
    )


def test_rule_with_unknown_answer_value(tmp_path):
    def change(d):
        rule(d, "danger_now")["when"]["danger_now"] = ["yes", "maybe"]

    assert broken(tmp_path, RULES, change) == (
        "routing_rules.yml: rule 'danger_now': when.danger_now: "
        "'maybe' is not an answer to danger_now (use yes, no, not_sure, unanswered)"
    )


def test_rule_may_not_choose_services_by_signs(tmp_path):
    def change(d):
        rule(d, "adult_themselves")["when"]["signs"] = ["debt"]

    assert broken(tmp_path, RULES, change) == (
        "routing_rules.yml: rule 'adult_themselves': when: signs cannot choose services: "
        "they only change the explanation (intro)"
    )


def test_duplicate_rule_id(tmp_path):
    def change(d):
        d["rules"].append(copy.deepcopy(rule(d, "danger_now")))

    assert broken(tmp_path, RULES, change) == (
        "routing_rules.yml: rule 'danger_now': id: used by two rules; each id must be unique"
    )


def test_rule_without_reason(tmp_path):
    def change(d):
        del rule(d, "danger_now")["recommend"][0]["reason"]

    assert broken(tmp_path, RULES, change) == (
        "routing_rules.yml: rule 'danger_now': recommend[0].reason: missing"
    )


def test_duplicate_sign(tmp_path):
    def change(d):
        d["signs"].append({"id": "debt", "label": "Debt"})

    assert (
        broken(tmp_path, RULES, change)
        == "routing_rules.yml: signs[9]: id: sign 'debt' is listed twice"
    )


def test_yes_and_no_stay_words_and_times_stay_times(tmp_path):
    """YAML 1.1 would read `yes` as true and 17:00 as 1020: the loader keeps what was typed."""
    text = (DEFAULT_DATA_DIR / RULES).read_text(encoding="utf-8")
    assert "      danger_now: yes\n" in text
    assert load_yaml(DEFAULT_DATA_DIR / RULES)["rules"][0]["when"] == {"danger_now": "yes"}
    path = tmp_path / "t.yml"
    path.write_text("a: 17:00\nb: +441273290400\nc: no\nd: true\ne: 2026-11-27\n", encoding="utf-8")
    loaded = load_yaml(path)
    assert loaded["a"] == "17:00" and loaded["b"] == "+441273290400" and loaded["c"] == "no"
    assert loaded["d"] is True and str(loaded["e"]) == "2026-11-27"


# --- bank_holidays.yml -----------------------------------------------------------------------


def test_bank_holiday_at_a_weekend_is_refused(tmp_path):
    def change(d):
        d["holidays"][15]["date"] = d["holidays"][15]["date"].replace(
            day=26
        )  # 2026-12-28 -> Saturday 26th

    assert broken(tmp_path, HOLIDAYS, change) == (
        "bank_holidays.yml: holidays[15]: date: 2026-12-26 is a Saturday; "
        "bank holidays that fall at a weekend move to a weekday"
    )


# --- the review command ----------------------------------------------------------------------


def test_review_prints_the_tables_and_exits_0(capsys):
    assert review.main([]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# Rule table and service directory (for council review)")
    assert "| 1 | `danger_now` | danger_now: yes | Emergency services (999) |" in out


def test_review_exits_1_with_the_one_line_error(tmp_path, capsys):
    def change(d):
        rule(d, "danger_now")["when"]["danger_now"] = "maybe"

    expected = broken(tmp_path, RULES, change)
    assert review.main(["--data-dir", str(tmp_path)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.replace(str(tmp_path) + "/", "") == expected + "\n"


def test_docs_rule_table_is_up_to_date():
    """docs/rule-table.md is the review output; regenerate it after changing the data files:
    python -m actions.routing.review > docs/rule-table.md"""
    assert (REPO / "docs" / "rule-table.md").read_text(encoding="utf-8") == review.markdown(
        load_routing_data()
    )
