"""Every colour of the widget is a --cw-* variable, set once at the top of its stylesheet, so a
council can rebrand from its own stylesheet (docs/widget.md, "Colours"); and the pairs of colours
people read stay at WCAG AA contrast (axe checks the rendered page in tests/browser too).

Allowed outside the variable block: `transparent` and `currentColor` (no colour of their own),
and the system colours (CanvasText, GrayText...) inside `@media (forced-colors: active)`, where
the person's own high-contrast colours must win.
"""

import re
from pathlib import Path

import pytest

CSS_FILE = Path(__file__).resolve().parents[2] / "web" / "widget" / "chat-widget.css"
VARIABLE_BLOCK = ":root"

# CSS Color 4 named colours.
NAMED_COLOURS = frozenset(
    """aliceblue antiquewhite aqua aquamarine azure beige bisque black blanchedalmond blue
    blueviolet brown burlywood cadetblue chartreuse chocolate coral cornflowerblue cornsilk crimson
    cyan darkblue darkcyan darkgoldenrod darkgray darkgreen darkgrey darkkhaki darkmagenta
    darkolivegreen darkorange darkorchid darkred darksalmon darkseagreen darkslateblue darkslategray
    darkslategrey darkturquoise darkviolet deeppink deepskyblue dimgray dimgrey dodgerblue firebrick
    floralwhite forestgreen fuchsia gainsboro ghostwhite gold goldenrod gray green greenyellow grey
    honeydew hotpink indianred indigo ivory khaki lavender lavenderblush lawngreen lemonchiffon
    lightblue lightcoral lightcyan lightgoldenrodyellow lightgray lightgreen lightgrey lightpink
    lightsalmon lightseagreen lightskyblue lightslategray lightslategrey lightsteelblue lightyellow
    lime limegreen linen magenta maroon mediumaquamarine mediumblue mediumorchid mediumpurple
    mediumseagreen mediumslateblue mediumspringgreen mediumturquoise mediumvioletred midnightblue
    mintcream mistyrose moccasin navajowhite navy oldlace olive olivedrab orange orangered orchid
    palegoldenrod palegreen paleturquoise palevioletred papayawhip peachpuff peru pink plum
    powderblue purple rebeccapurple red rosybrown royalblue saddlebrown salmon sandybrown seagreen
    seashell sienna silver skyblue slateblue slategray slategrey snow springgreen steelblue tan teal
    thistle tomato turquoise violet wheat white whitesmoke yellow yellowgreen""".split()
)
SYSTEM_COLOURS = frozenset(
    """accentcolor accentcolortext activetext buttonborder buttonface buttontext canvas canvastext
    field fieldtext graytext highlight highlighttext linktext mark marktext selecteditem
    selecteditemtext visitedtext""".split()
)
HEX = re.compile(r"#[0-9a-fA-F]{3,8}\b")
COLOUR_FUNCTION = re.compile(r"\b(?:rgba?|hsla?|hwb|lab|lch|oklab|oklch|color|color-mix)\(", re.I)
WORD = re.compile(r"(?<![\w-])[a-zA-Z][\w-]*(?![\w-])")
COLOUR_VALUE = re.compile(r"#[0-9a-fA-F]{3}|#[0-9a-fA-F]{6}|rgba\([\d.,\s]+\)")
FORCED_COLOURS = re.compile(r"@media\s*\(\s*forced-colors\s*:\s*active\s*\)")


def rules(css):
    """(preludes from the outside in, [(property, value)]) for every block that has declarations."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    found, stack, start = [], [], 0
    for i, char in enumerate(css):
        if char == "{":
            stack.append(css[start:i].strip().rsplit(";", 1)[-1].strip())
            start = i + 1
        elif char == "}":
            body = css[start:i]
            declarations = [d.split(":", 1) for d in body.split(";") if ":" in d]
            if declarations and "{" not in body:
                found.append((tuple(stack), [(p.strip(), v.strip()) for p, v in declarations]))
            stack.pop()
            start = i + 1
    return found


def literal_colours(value, system_allowed=False):
    """The literal colours in a declaration's value (strings and var() names are not colours)."""
    value = re.sub(r'"[^"]*"|\'[^\']*\'', "", value)
    found = HEX.findall(value) + [m.group(0) for m in COLOUR_FUNCTION.finditer(value)]
    for word in WORD.findall(value):
        lowered = word.lower()
        if lowered in NAMED_COLOURS or (lowered in SYSTEM_COLOURS and not system_allowed):
            found.append(word)
    return found


def colours_outside_the_block(css):
    problems = []
    for position, (preludes, declarations) in enumerate(rules(css)):
        if position == 0 and preludes == (VARIABLE_BLOCK,):
            continue
        forced = any(FORCED_COLOURS.match(p) for p in preludes)
        for prop, value in declarations:
            where = " ".join(preludes)
            if prop.startswith("--"):
                problems.append(f"{where}: {prop} is set outside the {VARIABLE_BLOCK} block")
                continue
            for colour in literal_colours(value, system_allowed=forced):
                problems.append(f"{where}: {prop}: {colour} (use a --cw-* variable)")
    return problems


CSS = CSS_FILE.read_text(encoding="utf-8")
RULES = rules(CSS)
VARIABLES = dict(RULES[0][1]) if RULES and RULES[0][0] == (VARIABLE_BLOCK,) else {}


def test_the_variables_come_first_and_are_only_cw_colours():
    assert RULES[0][0] == (VARIABLE_BLOCK,), "the first rule must be the :root variable block"
    assert len(VARIABLES) >= 20
    for name, value in VARIABLES.items():
        assert name.startswith("--cw-"), name
        assert COLOUR_VALUE.fullmatch(value), f"{name}: {value!r} is not a colour"


def test_no_literal_colour_after_the_variable_block():
    assert colours_outside_the_block(CSS) == []


def test_every_variable_used_is_defined_and_every_one_defined_is_used():
    used = set(re.findall(r"var\((--cw-[\w-]+)\)", CSS))
    assert used - set(VARIABLES) == set(), "used but not defined"
    assert set(VARIABLES) - used == set(), "defined but never used"


@pytest.mark.parametrize(
    "css, expected",
    [
        (".cw { color: #fff; }", "#fff"),
        (".cw { border: 1px solid #B1B4B6; }", "#B1B4B6"),
        (".cw { box-shadow: 0 2px 8px rgba(0, 0, 0, 0.35); }", "rgba("),
        (".cw { color: hsl(200 50% 20%); }", "hsl("),
        (".cw { background: White; }", "White"),
        (".cw { outline: 3px solid black; }", "black"),
        ("@media print { .cw a { color: red; } }", "red"),
        (".cw { color: CanvasText; }", "CanvasText"),
        (":root { --cw-ink: #000; } .cw { --cw-brand: #123456; }", "--cw-brand"),
    ],
)
def test_the_check_finds_literal_colours(css, expected):
    problems = colours_outside_the_block(css)
    assert len(problems) == 1 and expected in problems[0], problems


def test_the_check_lets_through_what_is_not_a_colour_choice():
    allowed = """:root { --cw-red: #b3261e; }
    .cw-red { white-space: nowrap; color: var(--cw-red); background: transparent; }
    .cw-dots span { border: 1px solid currentColor; content: "white"; }
    @media (forced-colors: active) { .cw-panel { border: 2px solid CanvasText; } }"""
    assert colours_outside_the_block(allowed) == []


# Text and what it sits on: WCAG AA 4.5:1. Controls' borders, dots and the focus ring: 3:1.
TEXT = 4.5
NON_TEXT = 3.0
CONTRAST_PAIRS = [
    ("--cw-ink", "--cw-paper", TEXT, "text in messages, cards and the text box"),
    ("--cw-ink", "--cw-log-bg", TEXT, "text behind the messages"),
    ("--cw-ink", "--cw-red-tint", TEXT, "'In danger now?' in the 999 bar"),
    ("--cw-ink", "--cw-focus", TEXT, "a focused link, the skip link"),
    ("--cw-soft", "--cw-paper", TEXT, "the hint under the text box"),
    ("--cw-muted", "--cw-paper", TEXT, "'Closed now'"),
    ("--cw-muted", "--cw-muted-bg", TEXT, "answered buttons"),
    ("--cw-brand", "--cw-paper", TEXT, "links, answer buttons, the Language button"),
    ("--cw-brand-dark", "--cw-paper", TEXT, "a hovered link"),
    ("--cw-brand-dark", "--cw-tint", TEXT, "a hovered or chosen answer"),
    ("--cw-on-brand", "--cw-brand", TEXT, "launcher, header, your messages, Send"),
    ("--cw-on-brand", "--cw-brand-dark", TEXT, "the same, hovered"),
    ("--cw-on-red", "--cw-red", TEXT, "Exit this page"),
    ("--cw-on-red", "--cw-red-dark", TEXT, "Exit this page, hovered"),
    ("--cw-red-dark", "--cw-red-tint", TEXT, "'Call 999' in the bar"),
    ("--cw-red-dark", "--cw-paper", TEXT, "'999' in the help card"),
    ("--cw-open", "--cw-paper", TEXT, "'Open now'"),
    ("--cw-ink", "--cw-paper", NON_TEXT, "the text box's border"),
    ("--cw-brand", "--cw-paper", NON_TEXT, "answer buttons' border"),
    ("--cw-open-dot", "--cw-paper", NON_TEXT, "the 'Open now' dot"),
    ("--cw-line", "--cw-paper", NON_TEXT, "the dot when open or closed is not known"),
    ("--cw-soft", "--cw-paper", NON_TEXT, "the typing dots"),
    ("--cw-ink", "--cw-focus", NON_TEXT, "the two focus rings against each other"),
]


def luminance(hex_colour):
    digits = hex_colour.lstrip("#")
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)
    channels = [int(digits[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a, b):
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_contrast_is_computed_as_wcag_does():
    assert contrast("#000", "#fff") == pytest.approx(21)
    assert contrast("#767676", "#fff") == pytest.approx(4.54, abs=0.01)  # the AA grey


@pytest.mark.parametrize("fg, bg, minimum, what", CONTRAST_PAIRS, ids=lambda v: str(v))
def test_the_colours_people_read_keep_their_contrast(fg, bg, minimum, what):
    ratio = contrast(VARIABLES[fg], VARIABLES[bg])
    assert ratio >= minimum, f"{what}: {fg} on {bg} is {ratio:.2f}:1, needs {minimum}:1"
