"""A small made-up catalogue for testing the mechanism, apart from the real translations."""

import textwrap
from pathlib import Path

import pytest

SAMPLE = textwrap.dedent(
    """\
    language: xx
    name: Xish
    english_name: Examplish
    direction: ltr
    enabled: true
    reviewed: false
    reviewed_by: null
    answers:
      yes: [ja, jawel]
      no: [nee]
      not_sure: [nee weet, weet niet]
      self: [ikke, over mij]
      someone_else: [iemand anders]
      age_words: [jaar]
      language_words: [taal]
    widget:
      title: Hulp
    texts:
      - en: First, is anyone in danger right now?
        tr: Eerst, is er nu iemand in gevaar?
      - en: "No"
        tr: Nee
      - en: |-
          Please call 999 now and ask for the police.
          Stay on the line.
        tr: |-
          Bel nu 999 en vraag om de politie.
          Blijf aan de lijn.
      - en: "Out of hours, call {calls}."
        tr: "Buiten de uren, bel {calls}."
    """
)


@pytest.fixture
def sample_dir(tmp_path: Path) -> Path:
    (tmp_path / "xx.yml").write_text(SAMPLE, encoding="utf-8")
    return tmp_path
