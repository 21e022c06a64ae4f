"""The one settings object, read from the environment once at start-up.

Chorus variables are ``CHORUS_*``; the usual ecosystem names (``KAFKA_BOOTSTRAP_SERVERS``,
``SCHEMA_REGISTRY_URL``, ``CLICKHOUSE_*``) are honoured as they are. Every default runs locally:
a Kafka broker that ``chorus stack up`` starts on loopback and the embedded ClickHouse (chdb).
"""

from __future__ import annotations

from pathlib import Path

from pydantic import AliasChoices, Field, SecretStr, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

from core.errors import ConfigError
from core.topics import Topics


def _project_root() -> Path:
    """The repository root for an editable install, else the working directory."""
    candidate = Path(__file__).resolve().parent.parent
    if (candidate / "pyproject.toml").is_file():
        return candidate
    return Path.cwd()


def _env(*names: str) -> AliasChoices:
    return AliasChoices(*names)


class Settings(BaseSettings):
    """Everything configurable, with its environment variable and a default that runs locally."""

    model_config = SettingsConfigDict(frozen=True, extra="ignore", populate_by_name=True)

    # --- local state -----------------------------------------------------------------------
    state_dir: Path = Field(
        default_factory=lambda: _project_root() / ".state",
        validation_alias=_env("CHORUS_STATE_DIR"),
        description="Broker data, chdb data, logs and pid files of the local stack (gitignored).",
    )
    cache_dir: Path = Field(
        default_factory=lambda: Path.home() / ".cache" / "chorus",
        validation_alias=_env("CHORUS_CACHE_DIR"),
        description="Downloaded Kafka jars, shared by every clone on the machine.",
    )

    # --- Kafka -----------------------------------------------------------------------------
    kafka_bootstrap_servers: str | None = Field(
        default=None,
        validation_alias=_env("KAFKA_BOOTSTRAP_SERVERS", "CHORUS_KAFKA_BOOTSTRAP_SERVERS"),
        description="An existing cluster to use; when set, `chorus stack` starts nothing.",
    )
    kafka_port: int = Field(
        default=19092,
        validation_alias=_env("CHORUS_KAFKA_PORT"),
        description="Loopback port of the local broker's PLAINTEXT listener.",
    )
    kafka_controller_port: int = Field(
        default=19093,
        validation_alias=_env("CHORUS_KAFKA_CONTROLLER_PORT"),
        description="Loopback port of the local broker's KRaft controller listener.",
    )
    kafka_version: str = Field(
        default="4.1.1",
        validation_alias=_env("CHORUS_KAFKA_VERSION"),
        description="org.apache.kafka:kafka_2.13 version fetched from Maven Central.",
    )
    kafka_heap: str = Field(
        default="512m",
        validation_alias=_env("CHORUS_KAFKA_HEAP"),
        description="JVM heap of the local broker (-Xmx and -Xms).",
    )
    topic_prefix: str = Field(
        default="chorus",
        validation_alias=_env("CHORUS_TOPIC_PREFIX"),
        description="Prefix of every topic name (and of the Faust app id).",
    )
    partitions: int = Field(
        default=4,
        validation_alias=_env("CHORUS_PARTITIONS"),
        description="Partitions of each topic Chorus creates.",
    )

    # --- Avro ------------------------------------------------------------------------------
    schema_registry_url: str | None = Field(
        default=None,
        validation_alias=_env("SCHEMA_REGISTRY_URL"),
        description="Confluent-compatible registry; unset = ids derived from schemas/*.avsc.",
    )

    # --- ClickHouse ------------------------------------------------------------------------
    clickhouse_url: str | None = Field(
        default=None,
        validation_alias=_env("CLICKHOUSE_URL"),
        description="clickhouse://user:pass@host:port/db of a server; unset = embedded chdb.",
    )
    clickhouse_host: str | None = Field(
        default=None,
        validation_alias=_env("CLICKHOUSE_HOST"),
        description="A server's host, instead of CLICKHOUSE_URL; unset = embedded chdb.",
    )
    clickhouse_port: int = Field(
        default=9000,
        validation_alias=_env("CLICKHOUSE_PORT"),
        description="The server's native-protocol port (with CLICKHOUSE_HOST).",
    )
    clickhouse_user: str = Field(
        default="default",
        validation_alias=_env("CLICKHOUSE_USER"),
        description="User on the server (when the URL names none).",
    )
    clickhouse_password: SecretStr = Field(
        default=SecretStr(""),
        validation_alias=_env("CLICKHOUSE_PASSWORD"),
        description="Password on the server (kept out of URLs and logs).",
    )
    clickhouse_database: str = Field(
        default="chorus",
        validation_alias=_env("CLICKHOUSE_DATABASE"),
        description="Database of every Chorus table, on chdb and on a server.",
    )
    chdb_path: Path | None = Field(
        default=None,
        validation_alias=_env("CHORUS_CHDB_PATH"),
        description="Data directory of the embedded engine; default <state_dir>/clickhouse.",
    )
    query_http_host: str = Field(
        default="127.0.0.1",
        validation_alias=_env("CHORUS_QUERY_HTTP_HOST"),
        description="Where the process owning chdb serves ClickHouse's HTTP interface.",
    )
    query_http_port: int = Field(
        default=18123,
        validation_alias=_env("CHORUS_QUERY_HTTP_PORT"),
        description="Port of that HTTP interface (0 = do not serve).",
    )
    query_http_password: SecretStr = Field(
        default=SecretStr(""),
        validation_alias=_env("CHORUS_QUERY_HTTP_PASSWORD"),
        description="Password of the HTTP interface, with the owner token's rights (writes, "
        "DDL, table functions); set = every request needs it; unset = anonymous requests read.",
    )
    query_http_allowed_origins: str = Field(
        default="",
        validation_alias=_env("CHORUS_QUERY_HTTP_ALLOWED_ORIGINS"),
        description="Comma-separated web origins (https://grafana.example:3000) whose pages "
        "may call the HTTP interface; a request with any other Origin header is refused.",
    )
    query_http_allowed_hosts: str = Field(
        default="",
        validation_alias=_env("CHORUS_QUERY_HTTP_ALLOWED_HOSTS"),
        description="Comma-separated host names the HTTP interface answers to besides its "
        "address (and localhost on loopback); any other Host header is refused (DNS rebinding).",
    )
    query_http_max_seconds: float = Field(
        default=60.0,
        gt=0,
        validation_alias=_env("CHORUS_QUERY_HTTP_MAX_SECONDS"),
        description="max_execution_time of each HTTP query (the owner may raise it per query).",
    )
    query_http_max_memory: int = Field(
        default=4 * 1024**3,
        gt=0,
        validation_alias=_env("CHORUS_QUERY_HTTP_MAX_MEMORY"),
        description="max_memory_usage of each HTTP query, bytes (the owner may raise it).",
    )
    query_http_max_concurrent: int = Field(
        default=4,
        ge=1,
        validation_alias=_env("CHORUS_QUERY_HTTP_MAX_CONCURRENT"),
        description="HTTP queries run at once; more wait a second, then get error 202.",
    )

    # --- processing ------------------------------------------------------------------------
    sink_batch_size: int = Field(
        default=5000,
        validation_alias=_env("CHORUS_SINK_BATCH_SIZE"),
        description="Rows per ClickHouse insert, at most.",
    )
    sink_batch_seconds: float = Field(
        default=1.0,
        validation_alias=_env("CHORUS_SINK_BATCH_SECONDS"),
        description="Longest a row waits in the sink before its batch is inserted.",
    )
    max_future_skew_seconds: int = Field(
        default=86_400,
        validation_alias=_env("CHORUS_MAX_FUTURE_SKEW_SECONDS"),
        description="An event stamped further in the future than this is dead-lettered.",
    )
    max_identifier_length: int = Field(
        default=320,
        gt=0,
        validation_alias=_env("CHORUS_MAX_IDENTIFIER_LENGTH"),
        description="Longest customer identifier, in characters (320: the longest e-mail "
        "address); a longer one dead-letters the event as field_too_large.",
    )
    max_event_id_length: int = Field(
        default=128,
        gt=0,
        validation_alias=_env("CHORUS_MAX_EVENT_ID_LENGTH"),
        description="Longest event_id and batch_id, in characters (field_too_large past it).",
    )
    max_name_length: int = Field(
        default=128,
        gt=0,
        validation_alias=_env("CHORUS_MAX_NAME_LENGTH"),
        description="Longest interaction_type, source_system, adapter_version and attribute or "
        "consent name, in characters (field_too_large past it).",
    )
    max_text_bytes: int = Field(
        default=256 * 1024,
        gt=0,
        le=512 * 1024,
        validation_alias=_env("CHORUS_MAX_TEXT_BYTES"),
        description="Largest text of an interaction, in UTF-8 bytes (field_too_large past it).",
    )
    max_attributes: int = Field(
        default=256,
        gt=0,
        validation_alias=_env("CHORUS_MAX_ATTRIBUTES"),
        description="Most entries in an interaction's attributes, and in its consents "
        "(too_many_attributes past it).",
    )
    max_attribute_value_length: int = Field(
        default=1024,
        gt=0,
        validation_alias=_env("CHORUS_MAX_ATTRIBUTE_VALUE_LENGTH"),
        description="Longest attribute value, in characters (field_too_large past it).",
    )
    dead_letter_payload_bytes: int = Field(
        default=64 * 1024,
        ge=0,
        le=512 * 1024,
        validation_alias=_env("CHORUS_DEAD_LETTER_PAYLOAD_BYTES"),
        description="A dead letter keeps at most this many bytes of the original message, with "
        "its size and SHA-256 (the original stays at its topic/partition/offset).",
    )
    identity_config: Path | None = Field(
        default=None,
        validation_alias=_env("CHORUS_IDENTITY_CONFIG"),
        description="JSON file with identity and golden-profile rules (phone regions per "
        "channel/source, caps, block list, channel trust order); docs/identity.md.",
    )
    detection: bool = Field(
        default=True,
        validation_alias=_env("CHORUS_DETECTION"),
        description="Detect life events and address changes in the stream (docs/detection.md).",
    )
    birthday_timer_seconds: float = Field(
        default=3600.0,
        gt=0,
        validation_alias=_env("CHORUS_BIRTHDAY_TIMER_SECONDS"),
        description="How often the identity agent looks for upcoming birthdays.",
    )
    birthday_horizon_days: int = Field(
        default=30,
        ge=0,
        validation_alias=_env("CHORUS_BIRTHDAY_HORIZON_DAYS"),
        description="A birthday this many days ahead or fewer is announced (once per year).",
    )
    snapshot_seconds: float = Field(
        default=60.0,
        ge=0,
        validation_alias=_env("CHORUS_SNAPSHOT_SECONDS"),
        description="How often the store's owner refreshes customer_current_snapshot and "
        "customer_value_snapshot while new rows arrive (docs/schema.md); 0 = never.",
    )
    pseudonym_key: SecretStr = Field(
        default=SecretStr(""),
        validation_alias=_env("CHORUS_PSEUDONYM_KEY"),
        description="Key of the HMAC-SHA256 pseudonyms in analytic columns (docs/privacy.md); "
        "unset = a random key kept in <state_dir>/pseudonym.key.",
    )
    workers: int = Field(
        default=1,
        validation_alias=_env("CHORUS_WORKERS"),
        description="Faust worker processes `chorus run` starts.",
    )

    worker_stall_seconds: float = Field(
        default=120.0,
        gt=0,
        validation_alias=_env("CHORUS_WORKER_STALL_SECONDS"),
        description="`chorus run` restarts a Faust worker whose heartbeat is older than this "
        "(stuck in a batch, in its shutdown, or its event loop blocked).",
    )
    worker_heartbeat_file: Path | None = Field(
        default=None,
        validation_alias=_env("CHORUS_WORKER_HEARTBEAT_FILE"),
        description="File a Faust worker touches while it makes progress; `chorus run` sets "
        "it for each worker it starts.",
    )
    test_crash_after: int = Field(
        default=0,
        ge=0,
        validation_alias=_env("CHORUS_TEST_CRASH_AFTER"),
        description="For tests only: a worker crashes (exits) after routing this many raw "
        "messages, in the middle of a batch; 0 = never.",
    )
    worker_log_level: str = Field(
        default="WARNING",
        validation_alias=_env("CHORUS_WORKER_LOG_LEVEL"),
        description="Log level of the Faust worker processes.",
    )

    @property
    def topics(self) -> Topics:
        return Topics(self.topic_prefix)

    @property
    def app_id(self) -> str:
        return f"{self.topic_prefix}-processor"

    @property
    def bootstrap_servers(self) -> str:
        return self.kafka_bootstrap_servers or f"127.0.0.1:{self.kafka_port}"

    @property
    def uses_local_broker(self) -> bool:
        return self.kafka_bootstrap_servers is None

    @property
    def uses_embedded_clickhouse(self) -> bool:
        return self.clickhouse_url is None and self.clickhouse_host is None

    @property
    def chdb_dir(self) -> Path:
        return self.chdb_path or self.state_dir / "clickhouse"


def load_settings(**overrides: object) -> Settings:
    """Read the environment once; ``overrides`` are for tests and CLI flags."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in error['loc'])}: {error['msg']}" for error in exc.errors()
        )
        raise ConfigError(f"invalid settings: {problems}") from exc


def settings_env(settings: Settings) -> dict[str, str]:
    """The environment that reproduces ``settings`` in a child process (e.g. a Faust worker)."""
    env: dict[str, str] = {}
    for name, info in Settings.model_fields.items():
        alias = info.validation_alias
        value = getattr(settings, name)
        if not isinstance(alias, AliasChoices) or value is None:
            continue
        if isinstance(value, SecretStr):
            value = value.get_secret_value()
        env[str(alias.choices[0])] = str(value)
    return env


def markdown_table() -> str:
    """The variables, defaults and meanings, as the README shows them."""
    lines = ["| variable | default | meaning |", "|---|---|---|"]
    for name, info in Settings.model_fields.items():
        alias = info.validation_alias
        if not isinstance(alias, AliasChoices):
            continue
        names = " / ".join(f"`{choice}`" for choice in alias.choices)
        if info.default_factory is not None:
            default = {"state_dir": "`<repo>/.state`", "cache_dir": "`~/.cache/chorus`"}[name]
        elif isinstance(info.default, SecretStr) or info.default in (None, ""):
            default = "unset"
        else:
            default = f"`{info.default}`"
        lines.append(f"| {names} | {default} | {info.description or ''} |")
    return "\n".join(lines)
