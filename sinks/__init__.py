"""Sinks: where processed topics come to rest. Today: ClickHouse (embedded chdb or a server)."""
