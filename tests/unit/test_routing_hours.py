"""Opening hours in London time, with fixed clocks: weekdays, nights, weekends, bank holidays and
both clock changes. `now` is always passed in, so these tests never read the real clock."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from actions.routing import Answers, OpenState, decide, open_state, routing_data
from actions.routing.checks import Checker
from actions.routing.hours import describe, parse_hours
from actions.routing.render import render

LONDON = ZoneInfo("Europe/London")
UTC = dt.timezone.utc
DATA = routing_data()
FRONT_DOOR = DATA.directory["front_door_for_families"]
EDS = DATA.directory["childrens_emergency_duty_service"]
HOLIDAYS = DATA.bank_holidays


def london(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=LONDON)


def utc(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=UTC)


def state(service, now):
    return open_state(service.hours, now, HOLIDAYS)


def hours_from(raw: dict):
    return parse_hours(Checker(Path("test.yml"), "service 'test'"), raw)


@pytest.mark.parametrize(
    "now, front_door, eds",
    [
        (london(2026, 11, 24, 10, 0), OpenState.OPEN, OpenState.CLOSED),  # Tuesday morning
        (london(2026, 11, 24, 23, 0), OpenState.CLOSED, OpenState.OPEN),  # Tuesday night
        (london(2026, 11, 25, 3, 0), OpenState.CLOSED, OpenState.OPEN),  # small hours
        (london(2026, 11, 28, 11, 0), OpenState.CLOSED, OpenState.OPEN),  # Saturday
        (london(2026, 11, 29, 11, 0), OpenState.CLOSED, OpenState.OPEN),  # Sunday
        (
            london(2026, 12, 28, 11, 0),
            OpenState.CLOSED,
            OpenState.OPEN,
        ),  # Boxing Day substitute (Monday)
        (london(2026, 4, 3, 11, 0), OpenState.CLOSED, OpenState.OPEN),  # Good Friday
        (london(2026, 4, 6, 11, 0), OpenState.CLOSED, OpenState.OPEN),  # Easter Monday
        (
            london(2027, 12, 27, 11, 0),
            OpenState.CLOSED,
            OpenState.OPEN,
        ),  # Christmas substitute (Monday)
        (
            london(2028, 1, 3, 11, 0),
            OpenState.CLOSED,
            OpenState.OPEN,
        ),  # New Year substitute (Monday)
        (
            london(2026, 12, 29, 11, 0),
            OpenState.OPEN,
            OpenState.CLOSED,
        ),  # the Tuesday after: open again
    ],
)
def test_front_door_and_its_out_of_hours_service_take_turns(now, front_door, eds):
    assert state(FRONT_DOOR, now) is front_door
    assert state(EDS, now) is eds


@pytest.mark.parametrize(
    "when, expected",
    [
        # GMT (January): London time equals UTC.
        (utc(2026, 1, 13, 8, 59), OpenState.CLOSED),
        (utc(2026, 1, 13, 9, 0), OpenState.OPEN),
        (utc(2026, 1, 13, 16, 59), OpenState.OPEN),
        (utc(2026, 1, 13, 17, 0), OpenState.CLOSED),
        # BST (July): London is UTC+1, so 09:00 London is 08:00 UTC.
        (utc(2026, 7, 7, 7, 59), OpenState.CLOSED),
        (utc(2026, 7, 7, 8, 0), OpenState.OPEN),
        (utc(2026, 7, 7, 15, 59), OpenState.OPEN),
        (utc(2026, 7, 7, 16, 0), OpenState.CLOSED),
        (
            utc(2026, 7, 7, 8, 30),
            OpenState.OPEN,
        ),  # 09:30 in London, but would be "closed" if read as UTC
    ],
)
def test_nine_to_five_boundaries_in_gmt_and_bst(when, expected):
    assert state(FRONT_DOOR, when) is expected


def test_the_same_instant_in_any_time_zone_gives_the_same_answer():
    instant = utc(2026, 7, 7, 8, 30)
    assert state(FRONT_DOOR, instant.astimezone(ZoneInfo("America/New_York"))) is OpenState.OPEN
    assert state(FRONT_DOOR, instant.astimezone(LONDON)) is OpenState.OPEN


# A service open from midnight to 01:30 London time shows where the clocks change (at 01:00 UTC).
EARLY_HOURS = hours_from(
    {"open": [{"days": ["sun"], "from": "00:00", "to": "01:30"}], "bank_holidays": "closed"}
)


def test_spring_forward_2026_03_29():
    # 00:59 UTC is 00:59 GMT (open); one minute later it is 02:00 BST (closed): 01:xx never happens.
    assert utc(2026, 3, 29, 0, 59).astimezone(LONDON).hour == 0
    assert open_state(EARLY_HOURS, utc(2026, 3, 29, 0, 59), HOLIDAYS) is OpenState.OPEN
    assert utc(2026, 3, 29, 1, 0).astimezone(LONDON).hour == 2
    assert open_state(EARLY_HOURS, utc(2026, 3, 29, 1, 0), HOLIDAYS) is OpenState.CLOSED


def test_fall_back_2026_10_25():
    # 00:59 UTC is 01:59 BST (closed: after 01:30); one minute later it is 01:00 GMT (open again).
    assert utc(2026, 10, 25, 0, 59).astimezone(LONDON).strftime("%H:%M %Z") == "01:59 BST"
    assert open_state(EARLY_HOURS, utc(2026, 10, 25, 0, 59), HOLIDAYS) is OpenState.CLOSED
    assert utc(2026, 10, 25, 1, 0).astimezone(LONDON).strftime("%H:%M %Z") == "01:00 GMT"
    assert open_state(EARLY_HOURS, utc(2026, 10, 25, 1, 0), HOLIDAYS) is OpenState.OPEN


def test_front_door_across_both_clock_changes_on_the_following_monday():
    # The Monday after each change: 09:00 London is 08:00 UTC (BST) and 09:00 UTC (GMT).
    assert state(FRONT_DOOR, utc(2026, 3, 30, 8, 0)) is OpenState.OPEN
    assert state(FRONT_DOOR, utc(2026, 3, 27, 8, 0)) is OpenState.CLOSED  # Friday before, still GMT
    assert state(FRONT_DOOR, utc(2026, 10, 26, 8, 0)) is OpenState.CLOSED
    assert state(FRONT_DOOR, utc(2026, 10, 26, 9, 0)) is OpenState.OPEN


def test_naive_datetimes_are_refused():
    with pytest.raises(ValueError, match="timezone-aware"):
        state(FRONT_DOOR, dt.datetime(2026, 11, 24, 10, 0))


def test_years_without_bank_holidays_give_probably_rather_than_a_guess():
    assert state(FRONT_DOOR, london(2030, 1, 8, 10, 0)) is OpenState.PROBABLY_OPEN
    assert state(FRONT_DOOR, london(2030, 1, 8, 20, 0)) is OpenState.PROBABLY_CLOSED
    assert (
        state(DATA.directory["modern_slavery_helpline"], london(2030, 1, 8, 20, 0))
        is OpenState.OPEN
    )


def test_hours_not_confirmed_are_never_shown_as_open_or_closed():
    access_point = DATA.directory["access_point"]
    assert state(access_point, london(2026, 11, 24, 10, 0)) is OpenState.UNKNOWN
    unconfirmed = hours_from(
        {
            "open": [{"days": ["mon"], "from": "09:00", "to": "17:00"}],
            "bank_holidays": "usual_hours",
            "confirmed": False,
        }
    )
    assert open_state(unconfirmed, london(2026, 11, 23, 10, 0), HOLIDAYS) is OpenState.PROBABLY_OPEN
    assert (
        open_state(unconfirmed, london(2026, 11, 23, 18, 0), HOLIDAYS) is OpenState.PROBABLY_CLOSED
    )


def test_access_point_card_points_out_of_hours_to_999_and_the_helpline_without_inventing_a_number():
    answers = Answers(
        danger_now="no",
        about="someone_else",
        age_group="adult",
        care_needs="yes",
        in_brighton_hove="yes",
    )
    rec = next(
        r
        for r in decide(answers, london(2026, 11, 28, 23, 0), DATA)
        if r.service.id == "access_point"
    )
    _, card = render(rec, DATA.directory, answers.audience)
    assert card["open_now"] is None
    assert card["hours"] == "Office hours. The exact times are still being checked."
    assert card["open_status"] == (
        "We can't tell if it is open now. Out of hours, call 08000 121 700 "
        "(Modern Slavery & Exploitation Helpline). If someone is in danger now, call 999."
    )
    assert [p["tel"] for p in card["phones"]] == ["tel:+441273295555"]


def test_bank_holiday_file_has_the_checked_dates():
    expected = {
        2025: ["01-01", "04-18", "04-21", "05-05", "05-26", "08-25", "12-25", "12-26"],
        2026: ["01-01", "04-03", "04-06", "05-04", "05-25", "08-31", "12-25", "12-28"],
        2027: ["01-01", "03-26", "03-29", "05-03", "05-31", "08-30", "12-27", "12-28"],
        2028: ["01-03", "04-14", "04-17", "05-01", "05-29", "08-28", "12-25", "12-26"],
    }
    listed = sorted(HOLIDAYS.dates)
    assert listed == [
        dt.date.fromisoformat(f"{y}-{md}") for y, days in expected.items() for md in days
    ]
    assert all(d.weekday() < 5 for d in listed)


@pytest.mark.parametrize(
    "raw, text",
    [
        ({"always_open": True}, "Open 24 hours a day, every day."),
        (
            {
                "open": [
                    {"days": ["mon", "tue", "wed", "thu", "fri"], "from": "09:00", "to": "17:00"}
                ],
                "bank_holidays": "closed",
            },
            "Monday to Friday, 9am to 5pm. Closed on bank holidays.",
        ),
        (
            {
                "open": [
                    {"days": ["sat", "sun"], "from": "00:00", "to": "24:00"},
                    {"days": ["mon"], "from": "08:30", "to": "12:00"},
                    {"days": ["mon"], "from": "13:00", "to": "17:45"},
                ],
                "bank_holidays": "open_all_day",
            },
            "Monday, 8:30am to midday and 1pm to 5:45pm. Saturday and Sunday, all day. "
            "Open all day on bank holidays.",
        ),
        ({"confirmed": False}, "Opening hours to be confirmed."),
    ],
)
def test_hours_are_described_in_plain_words(raw, text):
    assert describe(hours_from(raw)) == text
