"""Topic names, all derived from one prefix, and what each topic carries (its spec).

The specs are the one declaration of the pipeline's topics: ``Pipeline.start`` creates topics
from them, ``chorus topology`` prints them, and a test compares them with what the broker holds.
"""

from __future__ import annotations

from dataclasses import dataclass

CONFIGURED = None
"""``TopicSpec.partitions`` for topics created with the configured count (``CHORUS_PARTITIONS``)."""


@dataclass(frozen=True)
class TopicSpec:
    """One topic: its name, key, value schema, partitioning and clean-up policy."""

    name: str
    key: str  # what the message key is
    schema: str | None  # the values' Avro schema (schemas/<schema>.avsc); None = JSON
    partitions: int | None  # a fixed count, or CONFIGURED
    compacted: bool
    purpose: str

    def partition_count(self, configured: int) -> int:
        return configured if self.partitions is None else self.partitions


class Topics:
    """Topic names, all derived from one prefix so test runs can be isolated."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix
        # channel adapters publish here; key = the customer's primary identifier
        self.raw = f"{prefix}.interactions.raw"
        # validated interactions, re-framed with the current schema id
        self.interactions = f"{prefix}.interactions"
        # valid interactions again, for the identity agent: ONE partition, so one agent sees
        # every link in one order and holds the one authoritative state (docs/identity.md)
        self.identity_in = f"{prefix}.identity.in"
        # the identity agent's state, compacted: its changelog, read back on take-over
        self.identity_state = f"{prefix}.identity.state"
        # timeline entries keyed by the resolved customer id (interactions and merges)
        self.timeline = f"{prefix}.timeline"
        # identity resolution's decisions (schemas/identity_event.avsc); key = customer id
        self.identities = f"{prefix}.identities"
        # golden profiles (schemas/golden_profile.avsc), compacted; key = customer id
        self.profiles = f"{prefix}.profiles"
        # detections (schemas/detection.avsc); key = customer id
        self.life_events = f"{prefix}.life-events"
        self.address_changes = f"{prefix}.address-changes"
        self.dead_letter = f"{prefix}.deadletter"

    def specs(self) -> list[TopicSpec]:
        """Every topic of the pipeline, in the order data flows through them."""
        primary = "primary identifier 'type:value' (most stable first)"
        customer = "resolved customer id"
        return [
            TopicSpec(
                self.raw, primary, "interaction", CONFIGURED, False, "channel adapters publish"
            ),
            TopicSpec(
                self.interactions,
                primary,
                "interaction",
                CONFIGURED,
                False,
                "validated interactions, current schema id",
            ),
            TopicSpec(
                self.identity_in,
                primary,
                "interaction",
                1,
                False,
                "the identity agent's input: one partition, one order of every link; also "
                "operator commands (split, erase: JSON, key 'command', header chorus-command)",
            ),
            TopicSpec(
                self.identity_state,
                "shard id (identifier, link, customer, profile, detection)",
                None,
                1,
                True,
                "the identity agent's state changelog, read back on take-over",
            ),
            TopicSpec(
                self.timeline, customer, "timeline_entry", CONFIGURED, False, "customer timelines"
            ),
            TopicSpec(
                self.identities,
                customer,
                "identity_event",
                CONFIGURED,
                False,
                "identity decisions: resolved, members, merged, split, conflict",
            ),
            TopicSpec(
                self.profiles, customer, "golden_profile", CONFIGURED, True, "golden profiles"
            ),
            TopicSpec(
                self.life_events, customer, "detection", CONFIGURED, False, "detected life events"
            ),
            TopicSpec(
                self.address_changes,
                customer,
                "detection",
                CONFIGURED,
                False,
                "detected address changes",
            ),
            TopicSpec(
                self.dead_letter,
                "source 'topic:partition:offset'",
                "dead_letter",
                CONFIGURED,
                False,
                "what could not be processed, with the reason",
            ),
        ]

    def all(self) -> list[str]:
        """The topics created with the configured partition count (not :meth:`single_partition`,
        so ``ensure_topics(bootstrap, topics.all(), partitions)`` stays right)."""
        return [s.name for s in self.specs() if s.partitions is CONFIGURED and not s.compacted]

    def single_partition(self) -> list[str]:
        """Topics that must have exactly one partition (``Pipeline.start`` creates them)."""
        return [s.name for s in self.specs() if s.partitions == 1 and not s.compacted]

    def compacted(self) -> list[str]:
        """Single-partition topics that keep the last value per key (state changelogs)."""
        return [s.name for s in self.specs() if s.partitions == 1 and s.compacted]

    def compacted_keyed(self) -> list[str]:
        """Compacted topics with the configured partition count (current value per customer)."""
        return [s.name for s in self.specs() if s.partitions is CONFIGURED and s.compacted]
