"""The routing decision: answers + time -> the services to show, in order, each with its reason.

Pure: no Rasa, no clock, no I/O. The rule table says which services; the clock only adds an
out-of-hours service (for example the children's Emergency Duty Service) after one that is closed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import List, Set, Tuple

from actions.routing.answers import Answers
from actions.routing.data import RoutingData
from actions.routing.directory import Service
from actions.routing.hours import LONDON, OpenState, open_state


@dataclass(frozen=True)
class Recommendation:
    service: Service
    reason: str  # why it was chosen, in plain words, shown to the person
    state: OpenState  # open or closed at the time of the decision


def decide(answers: Answers, now: dt.datetime, data: RoutingData) -> Tuple[Recommendation, ...]:
    """The rule table's services for these answers, in order, each followed by its out-of-hours
    service when it is closed at `now` (an aware datetime)."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware (e.g. datetime.now(timezone.utc))")
    now = now.astimezone(LONDON)  # once, rather than once per service
    chosen = data.rules.recommend(answers)
    chosen_ids = {item.service for item in chosen}
    recommendations: List[Recommendation] = []
    for item in chosen:
        service = data.directory[item.service]
        state = open_state(service.hours, now, data.bank_holidays)
        recommendations.append(Recommendation(service, item.reason, state))
        recommendations.extend(
            _out_of_hours(service, state, now, data, chosen_ids, recommendations)
        )
    return tuple(recommendations)


def _out_of_hours(
    service: Service,
    state: OpenState,
    now: dt.datetime,
    data: RoutingData,
    chosen: Set[str],
    so_far: List[Recommendation],
) -> List[Recommendation]:
    """When a service is closed, its out-of-hours services that are open, placed right after it."""
    if not (state.maybe_closed and service.out_of_hours):
        return []
    added = []
    shown = {r.service.id for r in so_far}
    for other_id in service.out_of_hours.call:
        if other_id in chosen or other_id in shown:
            continue  # already recommended for its own reason
        other = data.directory[other_id]
        other_state = open_state(other.hours, now, data.bank_holidays)
        if other_state in (OpenState.OPEN, OpenState.PROBABLY_OPEN):
            added.append(Recommendation(other, service.out_of_hours.reason or "", other_state))
            shown.add(other_id)
    return added
