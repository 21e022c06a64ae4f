-- Core tables of the foundation: interactions, timeline entries, dead letters.
-- Every table the sink loads carries kafka_topic/kafka_partition/kafka_offset: its position in the
-- topic it is loaded from. The sink resumes each partition from max(kafka_offset)+1 of the table, so a
-- crash between insert and offset commit never inserts a batch twice. ReplacingMergeTree on top
-- collapses replays from upstream (the processor is at-least-once): read with FINAL for exact
-- counts.

CREATE TABLE IF NOT EXISTS {db}.interactions
(
    event_id         String,
    occurred_at      DateTime64(3, 'UTC'),
    received_at      DateTime64(3, 'UTC'),
    channel          LowCardinality(String),
    direction        LowCardinality(String),
    interaction_type LowCardinality(String),
    customer_key     String COMMENT 'primary identifier type:value until identity resolution',
    email            Nullable(String),
    phone            Nullable(String),
    loyalty_id       Nullable(String),
    account_id       Nullable(String),
    device_id        Nullable(String),
    crm_id           Nullable(String),
    text             Nullable(String),
    attributes       Map(String, String),
    consents         Map(String, Bool),
    source_system    LowCardinality(String),
    adapter_version  LowCardinality(String),
    batch_id         LowCardinality(Nullable(String)),
    kafka_topic      LowCardinality(String),
    kafka_partition  UInt32,
    kafka_offset     UInt64,
    ingested_at      DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(ingested_at)
PARTITION BY toYYYYMM(occurred_at)
ORDER BY (customer_key, occurred_at, event_id);

CREATE TABLE IF NOT EXISTS {db}.timeline
(
    entry_id        String,
    customer_id     String,
    occurred_at     DateTime64(3, 'UTC'),
    channel         LowCardinality(String),
    direction       LowCardinality(String),
    entry_kind      LowCardinality(String),
    entry_type      LowCardinality(String),
    summary         String,
    source_event_id String,
    batch_id        LowCardinality(Nullable(String)),
    kafka_topic     LowCardinality(String),
    kafka_partition UInt32,
    kafka_offset    UInt64,
    ingested_at     DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(ingested_at)
PARTITION BY toYYYYMM(occurred_at)
ORDER BY (customer_id, occurred_at, entry_id);

CREATE TABLE IF NOT EXISTS {db}.dead_letters
(
    source_topic     LowCardinality(String),
    source_partition UInt32,
    source_offset    UInt64,
    source_key       Nullable(String),
    payload          String,
    reason_code      LowCardinality(String),
    reason           String,
    failed_at        DateTime64(3, 'UTC'),
    event_id         Nullable(String),
    batch_id         LowCardinality(Nullable(String)),
    kafka_topic      LowCardinality(String),
    kafka_partition  UInt32,
    kafka_offset     UInt64,
    ingested_at      DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(ingested_at)
PARTITION BY toYYYYMM(failed_at)
ORDER BY (source_topic, source_partition, source_offset);
