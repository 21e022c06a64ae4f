"""Chorus: every customer interaction, on every channel, as one continuous dialogue."""

__version__ = "0.1.0"
