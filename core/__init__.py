"""The ground floor: what every other package stands on and which imports nothing of ours.

``core.settings`` (the one settings object), ``core.topics`` (topic names and their specs),
``core.errors`` (the project-wide exception tree), ``core.topology`` (the processing graph's
vocabulary) and ``core.safe_text`` (stored text made safe for a terminal). It imports only
the standard library, pydantic and rich (docs/architecture.md).
"""
