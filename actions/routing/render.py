"""How a recommendation is shown: plain text for any channel, and the same data as a widget card.

Every English word here goes through `tr` (the person's language, languages/translate.py; the
identity for English), so the cards read in the language chosen. Phone numbers never change.
"""

from __future__ import annotations

from typing import Any, Callable, Dict, List, Tuple

from actions.routing.answers import Answers
from actions.routing.decide import Recommendation
from actions.routing.directory import Directory, Service
from actions.routing.hours import OpenState
from actions.routing.rule_table import RuleTable
from actions.routing.wording import SOMEONE_ELSE

Translate = Callable[[str], str]
CARD_TYPE = "service_card"
CHECKING_NOTE = "Please note: we are still checking these details."
OUT_OF_HOURS = "Out of hours, call {calls}."
OR = "or"  # between two numbers to call
LANGUAGES = "Languages: {languages}"
# Labels of the plain-text form of a card (channels without the widget).
LABELS = ("Why", "What it is for", "Hours", "What happens", "Staying anonymous", "Other ways")

_STATE_TEXT = {
    OpenState.OPEN: "Open now.",
    OpenState.CLOSED: "Closed now.",
    OpenState.PROBABLY_OPEN: "Probably open now.",
    OpenState.PROBABLY_CLOSED: "Probably closed now.",
    OpenState.UNKNOWN: "We can't tell if it is open now.",
}
# Every fixed English text of a card, for the translation catalogues (languages/source.py).
CARD_TEXTS = (
    CHECKING_NOTE, OUT_OF_HOURS, OR, LANGUAGES, *LABELS, *_STATE_TEXT.values(),
)  # fmt: skip


def _same(text: str) -> str:
    return text


def intro_text(answers: Answers, rules: RuleTable, tr: Translate = _same) -> str:
    """The line before the cards. The signs change the explanation, not the help; a sign of danger
    adds a 999 line first."""
    return "\n\n".join(tr(part) for part in rules.intro.for_answers(answers))


def render(
    rec: Recommendation, directory: Directory, audience: str, tr: Translate = _same
) -> Tuple[str, Dict[str, Any]]:
    """(plain text, card) for one recommendation, worded for `audience` (wording.AUDIENCES)."""
    return render_service(rec.service, rec.state, directory, rec.reason, audience, tr)


def render_service(
    service: Service,
    state: OpenState,
    directory: Directory,
    reason: str | None = None,
    audience: str = SOMEONE_ELSE,
    tr: Translate = _same,
) -> Tuple[str, Dict[str, Any]]:
    """(plain text, card) for a service. Without a reason ("how do I contact X?") the text
    says what the service is for."""
    name = tr(service.name)
    why = tr(reason) if reason else f"{tr(service.what_for)} {tr(service.who_for)}"
    status = open_status_text(service, state, directory, tr)
    details = _what_happens(service, audience, tr)
    anonymous = tr(service.anonymous.to(audience))
    hours = tr(service.hours.summary)
    ways = [(tr(w.label), tr(w.detail) if w.detail else None, w.url) for w in service.other_ways]
    label = {text: tr(text) for text in LABELS}
    lines = [name, f"{label['Why' if reason else 'What it is for']}: {why}"]
    lines += [f"{tr(phone.label)}: {phone.display}" for phone in service.phones]
    lines += [
        f"{label['Hours']}: {hours}",
        status,
        f"{label['What happens']}: {details}",
        f"{label['Staying anonymous']}: {anonymous}",
    ]
    if ways:
        lines.append(f"{label['Other ways']}:")
        lines += [f"- {_other_way_text(*way)}" for way in ways]
    text = "\n".join(lines)
    card = {
        "type": CARD_TYPE,
        "id": service.id,
        "name": name,
        "short_name": tr(service.short_name),
        "reason": why,
        "phones": [
            {"label": tr(p.label), "display": p.display, "tel": f"tel:{p.tel}"}
            for p in service.phones
        ],
        "other_ways": [_other_way_card(label, url, detail) for label, detail, url in ways],
        "hours": hours,
        "open_now": state.open_now,
        "open_status": status,
        "anonymous": anonymous,
        "what_happens": details,
        "fallback_text": text,
    }
    return text, card


def open_status_text(
    service: Service, state: OpenState, directory: Directory, tr: Translate = _same
) -> str:
    """E.g. "Closed now. Out of hours, call 01273 335905 (Children's Services Emergency Duty
    Service)." """
    parts = [tr(_STATE_TEXT[state])]
    ooh = service.out_of_hours
    if state.maybe_closed and ooh is not None:
        calls = [f"{directory[i].phones[0].display} ({tr(directory[i].name)})" for i in ooh.call]
        if calls:
            parts.append(tr(OUT_OF_HOURS).format(calls=f" {tr(OR)} ".join(calls)))
        if ooh.advice:
            parts.append(tr(ooh.advice))
    return " ".join(parts)


def _what_happens(service: Service, audience: str, tr: Translate) -> str:
    parts = [tr(service.what_happens.to(audience))]
    if service.languages:
        parts.append(tr(LANGUAGES).format(languages=tr(service.languages)))
    if service.still_checking:
        parts.append(tr(CHECKING_NOTE))
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


def contact_menu(directory: Directory, tr: Translate = _same) -> List[Tuple[str, str]]:
    """(button title, service id) for each service in the "who do you want to contact" menu."""
    return [(tr(s.short_name), s.id) for s in directory if s.in_contact_menu]
