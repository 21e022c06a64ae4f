"""Identity resolution: which customer each interaction belongs to (pure logic, no Faust).

See docs/identity.md for the rules. The stream agent calls :func:`observation_from_avro` and
:meth:`IdentityResolver.observe` (or :func:`step`); the batch CLI calls :func:`resolve_lines`.
"""

from processors.identity.batch import BatchResult, resolve_lines, resolve_observations
from processors.identity.config import IdentityConfig
from processors.identity.inputs import observation_from_avro, observation_from_json, parse_line
from processors.identity.model import (
    Conflict,
    IdentityError,
    IdentityOutput,
    MalformedInteractionError,
    Merged,
    Observation,
    Rejected,
    Resolved,
    Split,
    StateFormatError,
    UnknownCustomerError,
    anonymous_id,
    customer_id_for,
)
from processors.identity.normalise import (
    IdentifierKeys,
    Normaliser,
    Unusable,
    UnusableIdentifier,
    normalise_code,
    normalise_device,
    normalise_email,
    normalise_phone,
)
from processors.identity.resolve import IdentityResolver, build_state, rebuild_state, split, step
from processors.identity.state import IdentityState

__all__ = [
    "BatchResult",
    "Conflict",
    "IdentifierKeys",
    "IdentityConfig",
    "IdentityError",
    "IdentityOutput",
    "IdentityResolver",
    "IdentityState",
    "MalformedInteractionError",
    "Merged",
    "Normaliser",
    "Observation",
    "Rejected",
    "Resolved",
    "Split",
    "StateFormatError",
    "UnknownCustomerError",
    "Unusable",
    "UnusableIdentifier",
    "anonymous_id",
    "build_state",
    "customer_id_for",
    "normalise_code",
    "normalise_device",
    "normalise_email",
    "normalise_phone",
    "observation_from_avro",
    "observation_from_json",
    "parse_line",
    "rebuild_state",
    "resolve_lines",
    "resolve_observations",
    "split",
    "step",
]
