-- Identity resolution's decisions (topic <prefix>.identities, schemas/identity_event.avsc) and
-- the index that lets queries by a customer id see what arrived under ids it absorbed.
--
-- identity_events: one row per record, replays collapse on event_id (deterministic). Sorted by
-- customer for "what happened to this customer"; a bloom filter on identifiers serves lookups by
-- identifier ("which events presented email:ann@..."), which are rarer.
CREATE TABLE IF NOT EXISTS {db}.identity_events
(
    event_id          String,
    kind              LowCardinality(String),
    customer_id       String,
    survivor          Nullable(String),
    merged_ids        Array(String),
    identifiers       Array(String),
    evidence_event_id Nullable(String),
    at                DateTime64(3, 'UTC'),
    version           UInt64,
    detail            Nullable(String),
    batch_id          LowCardinality(Nullable(String)),
    kafka_topic       LowCardinality(String),
    kafka_partition   UInt32,
    kafka_offset      UInt64,
    ingested_at       DateTime64(3, 'UTC'),
    INDEX identifiers_bf identifiers TYPE bloom_filter(0.01) GRANULARITY 4
)
ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMM(at)
ORDER BY (customer_id, kind, event_id);

-- identifier -> the customer that holds it now: the highest-version 'members' record naming it.
-- Filled by a materialized view on insert (one row per identifier of each members record, a
-- few per interaction at most); read with argMax(customer_id, version) or FINAL. This is the
-- alias map in the direction that survives splits: a retired or split id is resolved through
-- the identifiers it held, not through a chain of id -> id aliases.
CREATE TABLE IF NOT EXISTS {db}.identity_members
(
    identifier  String,
    customer_id String,
    version     UInt64
)
ENGINE = ReplacingMergeTree(version)
ORDER BY identifier;

CREATE MATERIALIZED VIEW IF NOT EXISTS {db}.identity_members_mv TO {db}.identity_members AS
SELECT arrayJoin(identifiers) AS identifier, customer_id, version
FROM {db}.identity_events
WHERE kind = 'members';

-- retired id -> survivor, from 'merged' records (split ids are followed through identity_members).
CREATE TABLE IF NOT EXISTS {db}.customer_aliases
(
    alias    String,
    survivor String,
    version  UInt64
)
ENGINE = ReplacingMergeTree(version)
ORDER BY alias;

CREATE MATERIALIZED VIEW IF NOT EXISTS {db}.customer_aliases_mv TO {db}.customer_aliases AS
SELECT arrayJoin(merged_ids) AS alias, customer_id AS survivor, version
FROM {db}.identity_events
WHERE kind = 'merged';
