"""The widget's own words (buttons, labels, the 999 bar, the help card shown when the server cannot
answer), in English, by key; and the files the widget loads for another language.

    python -m languages.widget      # writes web/widget/lang/<code>.json from the catalogues

The widget holds these English words itself (web/widget/chat-widget.js, WORDS) and fetches a
language's file only when that language is chosen, so it stays small. A test checks that the
files are up to date and that the widget's English words are these.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Dict

from languages.catalogue import DEFAULT_DIR, load_catalogues

ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = ROOT / "web" / "widget" / "lang"

WIDGET_WORDS: Dict[str, str] = {
    "title": "Help chat",
    "subtitle": "An automatic chat, not a person. It stores nothing on this device.",
    "exit": "Exit this page",
    "exit_prefix": "Emergency",
    "close": "Close",
    "close_suffix": "chat",
    "language": "Language",
    "conversation": "Conversation",
    "type_message": "Type a message",
    "no_names": "Please do not type names or addresses.",
    "send": "Send",
    "danger_now": "In danger now?",
    "call_999": "Call 999",
    "silent_999": (
        "If you cannot speak: call 999 and listen. Cough or tap if you can. "
        "If a recorded voice asks, press 5 5. Stay on the line."
    ),
    "helpline_name": "Modern Slavery & Exploitation Helpline",
    "helpline_detail": "Free. Open 24 hours. Any language. You do not have to give your name.",
    "you": "You:",
    "chat": "Chat:",
    "choose_answer": "Choose an answer",
    "more_about": "More about {name}",
    "opening_hours": "Opening hours:",
    "what_happens": "What happens when you call:",
    "anonymous_question": "Can I stay anonymous?",
    "anonymous_yes": "Yes. You do not have to give your name.",
    "other_ways": "Other ways to get help:",
    "help_title": "Get help now",
    "help_sorry": "Sorry, the chat is not working right now. You can still get help.",
    "try_again": "Try again",
    "loading": "Loading.",
    "your_answer": "(your answer)",
    "new_tab": "(opens in a new tab)",
    # After a 410 or 429 (a forgotten or over-long conversation), before the new one starts.
    "new_chat": "That chat has ended. A new chat has started.",
    # Shown in the language itself when the page or browser is in it: an offer, never a switch.
    "offer": "This chat can also be in {name}.",
    "offer_yes": "Use {name}",
}


def write_files(out_dir: Path = OUT_DIR) -> Dict[str, str]:
    """The JSON file of each enabled catalogue: {file name: contents}. Written to out_dir."""
    files = {}
    for code, catalogue in load_catalogues(DEFAULT_DIR).items():
        body = {
            "lang": code,
            "dir": catalogue.direction,
            "name": catalogue.name,
            "words": {key: catalogue.widget[key] for key in WIDGET_WORDS},
        }
        files[f"{code}.json"] = (
            json.dumps(body, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
        )
    out_dir.mkdir(parents=True, exist_ok=True)
    for old in out_dir.glob("*.json"):
        if old.name not in files:
            old.unlink()
    for name, text in files.items():
        (out_dir / name).write_text(text, encoding="utf-8")
    return files


if __name__ == "__main__":
    written = write_files()
    print(f"Wrote {', '.join(sorted(written)) or 'nothing'} to {OUT_DIR.relative_to(ROOT)}")
    sys.exit(0)
