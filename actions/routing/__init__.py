"""The Rasa-free core: service directory, rule table, opening hours and the routing decision.

Nothing under this package imports Rasa, so it can be unit-tested and reviewed on its own.
`routing_data()` reads and validates the three data files in `actions/data/` once per process
(`load_routing_data(folder)` reads them afresh, from any folder);
`decide()` turns the person's answers into an ordered list of recommendations.
"""

from actions.routing.answers import QUESTIONS, UNANSWERED, Answers
from actions.routing.data import DEFAULT_DATA_DIR, RoutingData, load_routing_data, routing_data
from actions.routing.decide import Recommendation, decide
from actions.routing.errors import DataFileError
from actions.routing.hours import OpenState, open_state

__all__ = [
    "QUESTIONS",
    "UNANSWERED",
    "Answers",
    "DEFAULT_DATA_DIR",
    "RoutingData",
    "load_routing_data",
    "routing_data",
    "Recommendation",
    "decide",
    "DataFileError",
    "OpenState",
    "open_state",
]
