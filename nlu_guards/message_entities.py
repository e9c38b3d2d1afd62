"""Entities that an NLU component sets itself, for a slot to pick up (not found in the text)."""

from __future__ import annotations

from typing import Tuple

from rasa.shared.nlu.constants import (
    ENTITIES,
    ENTITY_ATTRIBUTE_END,
    ENTITY_ATTRIBUTE_START,
    ENTITY_ATTRIBUTE_TYPE,
    ENTITY_ATTRIBUTE_VALUE,
)
from rasa.shared.nlu.training_data.message import Message


def set_entity(
    message: Message, entity: str, value: str, extractor: str, span: Tuple[int, int] | None = None
) -> None:
    """Gives the message one `entity` with `value`, in place of any it had. `span`: the part of
    the text it stands for (start, end), where it stands for one."""
    entities = [e for e in message.get(ENTITIES) or [] if e.get(ENTITY_ATTRIBUTE_TYPE) != entity]
    found = {ENTITY_ATTRIBUTE_TYPE: entity, ENTITY_ATTRIBUTE_VALUE: value, "extractor": extractor}
    if span is not None:
        found[ENTITY_ATTRIBUTE_START], found[ENTITY_ATTRIBUTE_END] = span
    entities.append(found)
    message.set(ENTITIES, entities, add_to_output=True)
