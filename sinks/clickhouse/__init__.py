"""The ClickHouse store (chdb by default, a server through clickhouse-driver when configured)."""
