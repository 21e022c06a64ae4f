"""Where interactions enter: the channel adapters and the simulator, as topology nodes."""

from __future__ import annotations

from core.settings import Settings
from core.topology import Node
from streams.adapters import ADAPTER_CLASSES


def describe_sources(settings: Settings) -> list[Node]:
    raw = settings.topics.raw
    return [
        Node(
            kind="source",
            name="channel adapters",
            runs_in="channel systems (streams.publisher)",
            description="every interaction, inbound and outbound, as an Interaction event",
            writes=(raw,),
            extra={"channels": ", ".join(ADAPTER_CLASSES)},
        ),
        Node(
            kind="source",
            name="simulator",
            runs_in="chorus simulate / demo / bench",
            description="deterministic multi-channel customer journeys through the same adapters",
            writes=(raw,),
        ),
    ]
