"""The project-wide exception tree.

Every package raises subclasses of :class:`ChorusError`; library errors are converted at the
boundary (``raise ConfigError(...) from exc``) so the CLI can print one clear line for anything
that is the user's to fix, and let everything else stop loudly.
"""


class ChorusError(Exception):
    """Base of every error Chorus raises on purpose."""


class ConfigError(ChorusError):
    """The settings or the environment are wrong (bad variable, missing Java, ...)."""


class UnavailableError(ChorusError):
    """A service Chorus needs (broker, ClickHouse, query server) cannot be reached."""


class QueryError(ChorusError):
    """ClickHouse rejected a statement (bad SQL, unknown table, ...)."""


class BackpressureError(ChorusError):
    """A sink cannot take more data right now; retry after ``retry_after_s`` seconds."""

    def __init__(self, message: str, retry_after_s: float) -> None:
        super().__init__(message)
        self.retry_after_s = retry_after_s
