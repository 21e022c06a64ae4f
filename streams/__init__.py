"""Getting interactions in: channel adapters, the Kafka publisher and the journey simulator.

``streams.adapters`` maps each source system's native records to Interaction records (no Kafka
import); ``streams.publisher`` produces them to the raw topic; ``streams.simulator`` generates
deterministic multi-channel customer journeys through the same adapters.
"""

from streams.adapters import ADAPTERS, KNOWN_CHANNELS, AdapterError, ChannelAdapter, adapter_for

__all__ = ["ADAPTERS", "KNOWN_CHANNELS", "AdapterError", "ChannelAdapter", "adapter_for"]
