"""The ground floor: what every other package stands on and which imports nothing of ours.

``core.settings`` (the one settings object), ``core.topics`` (topic names and their specs) and
``core.errors`` (the project-wide exception tree). Everything above may import it; it imports
only the standard library and pydantic (docs/architecture.md).
"""
