-- Detections (schemas/detection.avsc): life events on <prefix>.life-events, address changes on
-- <prefix>.address-changes. One row per detection record; a detection that gets more evidence
-- later keeps its detection_id, and ReplacingMergeTree(version) keeps the latest record.
-- Sorted by customer for "what happened in this customer's life"; monthly partitions on
-- detected_at serve "life events by type per month".
CREATE TABLE IF NOT EXISTS {db}.life_events
(
    detection_id     String,
    customer_id      String,
    type             LowCardinality(String),
    confidence       Float64,
    evidence_ids     Array(String),
    evidence_channels Array(LowCardinality(String)),
    detected_at      DateTime64(3, 'UTC'),
    event_date       Nullable(Date32),
    signal           LowCardinality(String),
    details          Map(String, String),
    version          UInt64,
    kafka_topic      LowCardinality(String),
    kafka_partition  UInt32,
    kafka_offset     UInt64,
    ingested_at      DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMM(detected_at)
ORDER BY (customer_id, type, detection_id);

-- Address changes: old and new address, raw (what channel systems need to update their silo)
-- and normalised (what was compared); conflict = two channels disagreed within the window.
CREATE TABLE IF NOT EXISTS {db}.address_changes
(
    detection_id      String,
    customer_id       String,
    confidence        Float64,
    evidence_ids      Array(String),
    evidence_channels Array(LowCardinality(String)),
    detected_at       DateTime64(3, 'UTC'),
    old_address       Nullable(String),
    old_normalised    Nullable(String),
    new_address       Nullable(String),
    new_normalised    Nullable(String),
    conflict          Bool,
    details           Map(String, String),
    version           UInt64,
    kafka_topic       LowCardinality(String),
    kafka_partition   UInt32,
    kafka_offset      UInt64,
    ingested_at       DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMM(detected_at)
ORDER BY (customer_id, detection_id);
