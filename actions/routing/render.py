"""How a recommendation is shown: plain text for any channel, and the same data as a widget card."""

from __future__ import annotations

from typing import Any, Dict, List, Tuple

from actions.routing.answers import Answers
from actions.routing.decide import Recommendation
from actions.routing.directory import Directory, Service
from actions.routing.hours import OpenState
from actions.routing.rule_table import RuleTable
from actions.routing.wording import SOMEONE_ELSE

CARD_TYPE = "service_card"
CHECKING_NOTE = "Please note: we are still checking these details."

_STATE_TEXT = {
    OpenState.OPEN: "Open now.",
    OpenState.CLOSED: "Closed now.",
    OpenState.PROBABLY_OPEN: "Probably open now.",
    OpenState.PROBABLY_CLOSED: "Probably closed now.",
    OpenState.UNKNOWN: "We can't tell if it is open now.",
}


def intro_text(answers: Answers, rules: RuleTable) -> str:
    """The line before the cards. The signs change the explanation, not the help; a sign of danger
    adds a 999 line first."""
    return rules.intro.for_answers(answers)


def render(rec: Recommendation, directory: Directory, audience: str) -> Tuple[str, Dict[str, Any]]:
    """(plain text, card) for one recommendation, worded for `audience` (wording.AUDIENCES)."""
    return render_service(rec.service, rec.state, directory, rec.reason, audience)


def render_service(
    service: Service,
    state: OpenState,
    directory: Directory,
    reason: str | None = None,
    audience: str = SOMEONE_ELSE,
) -> Tuple[str, Dict[str, Any]]:
    """(plain text, card) for a service. Without a reason ("how do I contact X?") the text
    says what the service is for."""
    why = reason or f"{service.what_for} {service.who_for}"
    status = open_status_text(service, state, directory)
    details = _what_happens(service, audience)
    anonymous = service.anonymous.to(audience)
    lines = [service.name, f"{'Why' if reason else 'What it is for'}: {why}"]
    lines += [f"{phone.label}: {phone.display}" for phone in service.phones]
    lines += [
        f"Hours: {service.hours.summary}",
        status,
        f"What happens: {details}",
        f"Staying anonymous: {anonymous}",
    ]
    if service.other_ways:
        lines.append("Other ways:")
        lines += [
            f"- {_other_way_text(way.label, way.detail, way.url)}" for way in service.other_ways
        ]
    text = "\n".join(lines)
    card = {
        "type": CARD_TYPE,
        "id": service.id,
        "name": service.name,
        "short_name": service.short_name,
        "reason": why,
        "phones": [
            {"label": p.label, "display": p.display, "tel": f"tel:{p.tel}"} for p in service.phones
        ],
        "other_ways": [_other_way_card(w.label, w.url, w.detail) for w in service.other_ways],
        "hours": service.hours.summary,
        "open_now": state.open_now,
        "open_status": status,
        "anonymous": anonymous,
        "what_happens": details,
        "fallback_text": text,
    }
    return text, card


def open_status_text(service: Service, state: OpenState, directory: Directory) -> str:
    """E.g. "Closed now. Out of hours, call 01273 335905 (Children's Services Emergency Duty
    Service)." """
    parts = [_STATE_TEXT[state]]
    ooh = service.out_of_hours
    if state.maybe_closed and ooh is not None:
        calls = [f"{directory[i].phones[0].display} ({directory[i].name})" for i in ooh.call]
        if calls:
            parts.append(f"Out of hours, call {' or '.join(calls)}.")
        if ooh.advice:
            parts.append(ooh.advice)
    return " ".join(parts)


def _what_happens(service: Service, audience: str) -> str:
    parts = [service.what_happens.to(audience)]
    if service.languages:
        parts.append(f"Languages: {service.languages}")
    if service.still_checking:
        parts.append(CHECKING_NOTE)
    return " ".join(parts)


def _other_way_text(label: str, detail: str | None, url: str | None) -> str:
    rest = " ".join(part for part in (detail, url) if part)
    return f"{label}: {rest}" if rest else label


def _other_way_card(label: str, url: str | None, detail: str | None) -> Dict[str, str]:
    card: Dict[str, str] = {"label": label}
    if url:
        card["url"] = url
    if detail:
        card["detail"] = detail
    return card


def contact_menu(directory: Directory) -> List[Tuple[str, str]]:
    """(button title, service id) for each service in the "who do you want to contact" menu."""
    return [(s.short_name, s.id) for s in directory if s.in_contact_menu]
