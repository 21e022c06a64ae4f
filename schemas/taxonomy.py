"""The fixed taxonomy of life events: part of the contract between the simulator (which plants
them), detection (which finds them) and downstream consumers (which act on them)."""

from typing import Final

LIFE_EVENT_TYPES: Final[tuple[str, ...]] = (
    "marriage",
    "divorce",
    "new_baby",
    "moving",
    "new_job",
    "promotion",
    "graduation",
    "retirement",
    "bereavement",
    "home_purchase",
    "birthday",
)
"""``birthday`` comes from a timer, never from a message."""
