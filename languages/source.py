"""Every English text the assistant can show, which each catalogue must translate.

    python -m languages.source ro     # the English texts ro.yml does not translate yet, as YAML
                                      # entries to fill in (tr: is left as TODO)

The texts: every response in domain.yml (text and button titles), the FAQ answers listed in
TRANSLATED_FAQ, every person-facing field of actions/data/services.yml (both wordings), every
reason and intro line of actions/data/routing_rules.yml, and the fixed words of a service card.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Dict, Iterator, List, Tuple

import yaml

from actions.routing import load_routing_data
from actions.routing.render import CARD_TEXTS
from actions.routing.wording import AUDIENCES
from languages.catalogue import DEFAULT_DIR, load_catalogue, normalise
from languages.translate import UNREVIEWED_NOTE

ROOT = Path(__file__).resolve().parent.parent
# The FAQ answers that matter most to someone who reads little English (issue 11). The other
# answers are shown in English, with their lang attribute saying so.
TRANSLATED_FAQ = (
    "what_is_modern_slavery",
    "anonymity",
    "immigration_fears",
    "what_happens_helpline",
    "keep_safe",
    "is_this_chat_safe",
)
# Responses written in their own language already (the offer to switch): never translated.
IN_THEIR_OWN_LANGUAGE = ("utter_offer_language",)


def _responses(path: Path, names: Tuple[str, ...] | None = None) -> Iterator[Tuple[str, str]]:
    responses = yaml.safe_load(path.read_text(encoding="utf-8")).get("responses", {})
    for name, variations in responses.items():
        if name in IN_THEIR_OWN_LANGUAGE or (names is not None and name not in names):
            continue
        for variation in variations:
            if variation.get("text"):
                yield name, variation["text"]
            for button in variation.get("buttons") or []:
                if not str(button.get("payload", "")).startswith("/set_language"):
                    yield f"{name} (button)", button["title"]  # a language's own name stays


def english_texts(every_faq: bool = False) -> List[Tuple[str, str]]:
    """(where, English text), each text once, in the order a reviewer meets them. The FAQ
    answers are those of TRANSLATED_FAQ, or all of them (every_faq: scripts/plain_words.py)."""
    found: List[Tuple[str, str]] = []
    found += _responses(ROOT / "domain.yml")
    faq = None if every_faq else tuple(f"utter_faq/{topic}" for topic in TRANSLATED_FAQ)
    for path in sorted((ROOT / "data" / "responses").glob("*.yml")):
        found += _responses(path, faq)
    found += [("service card", text) for text in CARD_TEXTS]
    found.append(
        ("after a language is chosen, while its catalogue is not reviewed", UNREVIEWED_NOTE)
    )
    data = load_routing_data()
    for service in data.directory:
        where = f"services.yml: {service.id}"
        found += [(where, service.name), (where, service.short_name)]
        found += [(where, service.what_for), (where, service.who_for)]
        found += [(where, service.hours.summary)]
        found += [(where, p.label) for p in service.phones]
        for way in service.other_ways:
            found += [(where, way.label)] + ([(where, way.detail)] if way.detail else [])
        ooh = service.out_of_hours
        found += [(where, t) for t in ((ooh.advice, ooh.reason) if ooh else ()) if t]
        for audience in AUDIENCES:
            found += [(where, service.what_happens.to(audience))]
            found += [(where, service.anonymous.to(audience))]
        if service.languages:
            found.append((where, service.languages))
    for rule in data.rules.rules:
        for item in rule.recommend:
            found += [(f"routing_rules.yml: {rule.id}", item.reason.to(a)) for a in AUDIENCES]
    intro = data.rules.intro
    found += [("routing_rules.yml: intro", t) for t in (intro.no_signs, intro.one_sign)]
    found += [("routing_rules.yml: intro", intro.several_signs)]
    found += [("routing_rules.yml: intro", intro.danger_line.to(a)) for a in AUDIENCES]
    seen: Dict[str, str] = {}
    for where, text in found:
        seen.setdefault(normalise(text), where)
    return [(where, text) for text, where in seen.items()]


def missing(code: str) -> List[Tuple[str, str]]:
    catalogue = load_catalogue(DEFAULT_DIR / f"{code}.yml")
    return [(where, text) for where, text in english_texts() if text not in catalogue.texts]


def main(argv: List[str]) -> int:
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    path = DEFAULT_DIR / f"{argv[0]}.yml"
    todo = missing(argv[0]) if path.exists() else english_texts()
    for where, text in todo:
        print(f"  # {where}")
        print(yaml.safe_dump([{"en": text, "tr": "TODO"}], allow_unicode=True, width=96), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
