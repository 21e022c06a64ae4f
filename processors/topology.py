"""What each Faust agent reads, writes and keeps: the declarations the agents route by.

``processors.app`` turns these into topic names for its producers, and ``chorus topology``
prints them beside the agents Faust itself reports, so the printed graph is the running one.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import faust

from core.settings import Settings
from core.topics import Topics
from core.topology import Node


@dataclass(frozen=True)
class AgentOutputs:
    """One agent's output streams (stream name -> ``Topics`` attribute) and its state topics."""

    writes: Mapping[str, str]
    state: tuple[str, ...] = ()
    description: str = ""

    def topic_names(self, topics: Topics) -> dict[str, str]:
        return {stream: getattr(topics, attribute) for stream, attribute in self.writes.items()}


# stream -> Topics attribute; keys are exactly OutputStream's and StageStream's (tested)
ROUTER_WRITES: Mapping[str, str] = {
    "interactions": "interactions",
    "identity_in": "identity_in",
    "dead_letter": "dead_letter",
}
IDENTITY_WRITES: Mapping[str, str] = {
    "timeline": "timeline",
    "identities": "identities",
    "profiles": "profiles",
    "life_events": "life_events",
    "address_changes": "address_changes",
    "dead_letter": "dead_letter",
}

#: by the agent's function name, as Faust reports it (``processors.app.<name>``)
AGENTS: Mapping[str, AgentOutputs] = {
    "route_interactions": AgentOutputs(
        ROUTER_WRITES, description="decode, validate, route; bad input to the dead letters"
    ),
    "resolve_identities": AgentOutputs(
        IDENTITY_WRITES,
        state=("identity_state",),
        description="identity resolution, golden profiles, life-event and address detection, "
        "timelines (and the birthday timer)",
    ),
}


def describe_agents(app: faust.App, settings: Settings) -> list[Node]:
    """The app's agents as Faust registered them, with their declared outputs and state."""
    topics = settings.topics
    nodes = []
    for qualified, agent in app.agents.items():
        name = qualified.rpartition(".")[2]
        declared = AGENTS.get(name)
        if declared is None:
            raise LookupError(f"agent {qualified} has no declaration in processors.topology")
        nodes.append(
            Node(
                kind="agent",
                name=name,
                runs_in=f"Faust worker (concurrency {agent.concurrency})",
                description=declared.description,
                reads=tuple(sorted(agent.channel.topics)),
                writes=tuple(dict.fromkeys(declared.topic_names(topics).values())),
                group=app.conf.id,
                state=tuple(getattr(topics, attribute) for attribute in declared.state),
            )
        )
    return nodes


def faust_internal_topics(app: faust.App) -> dict[str, int]:
    """Topics Faust creates for itself, with their partition counts: its leader-election topic
    (no table, so no changelog topics). Faust has no public accessor for it."""
    if app.conf.topic_disable_leader:
        return {}
    leader = app._leader_assignor._leader_topic  # type: ignore[attr-defined]
    return {name: leader.partitions or 1 for name in leader.topics}
