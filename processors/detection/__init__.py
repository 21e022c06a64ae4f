"""Life-event and address-change detection: pure domain logic, no Kafka, no Faust.

The stream agent, the batch entry point and the tests all call the same functions:

* :func:`step` folds one :class:`DetectionInput` into a customer's
  :class:`CustomerDetectionState` and returns the new :class:`Detection` s;
* :func:`upcoming_birthdays` is driven by a timer over the states;
* :func:`detect_lines` runs interaction JSON Lines through ``step``;
* :func:`from_avro_record` builds inputs (the batch reads JSON Lines into the same Avro-shaped
  records through :mod:`processors.jsonl`, so both sources share one conversion);
* :func:`classify_text` and :func:`normalise_address` are the two pieces of language logic.
"""

from processors.detection.address import (
    AddressRelation,
    compare_addresses,
    normalise_address,
    same_address,
)
from processors.detection.batch import detect_events, detect_lines, parse_lines
from processors.detection.classifier import TextFinding, classify_text
from processors.detection.detector import (
    DEFAULT_CONFIG,
    DetectorConfig,
    next_birthday,
    step,
    upcoming_birthdays,
)
from processors.detection.errors import (
    DetectionError,
    MalformedInteractionError,
    StateFormatError,
)
from processors.detection.inputs import (
    CustomerResolver,
    fallback_customer_id,
    from_avro_record,
)
from processors.detection.model import (
    ADDRESS_CHANGE,
    AddressValue,
    Detection,
    DetectionInput,
    Evidence,
)
from processors.detection.state import CustomerDetectionState, load_state, new_state
from schemas.taxonomy import LIFE_EVENT_TYPES

__all__ = [
    "ADDRESS_CHANGE",
    "DEFAULT_CONFIG",
    "LIFE_EVENT_TYPES",
    "AddressRelation",
    "AddressValue",
    "CustomerDetectionState",
    "CustomerResolver",
    "Detection",
    "DetectionError",
    "DetectionInput",
    "DetectorConfig",
    "Evidence",
    "MalformedInteractionError",
    "StateFormatError",
    "TextFinding",
    "classify_text",
    "compare_addresses",
    "detect_events",
    "detect_lines",
    "fallback_customer_id",
    "from_avro_record",
    "load_state",
    "new_state",
    "next_birthday",
    "normalise_address",
    "parse_lines",
    "same_address",
    "step",
    "upcoming_birthdays",
]
