-- Golden profiles (topic <prefix>.profiles, schemas/golden_profile.avsc): the current profile of
-- each customer is the row with the highest version; read with FINAL (or argMax). One row per
-- profile update, at most one per customer per identity-agent batch.
--
-- Attributes are flattened into value / source channel / stated-at columns so BI tools group and
-- filter on them without parsing. merged_into is set on the last row of a customer that was
-- merged into another: current profiles are `FINAL WHERE merged_into IS NULL`.
CREATE TABLE IF NOT EXISTS {db}.golden_profiles
(
    customer_id            String,
    version                UInt64,
    updated_at             DateTime64(3, 'UTC'),
    merged_into            Nullable(String),
    name                   Nullable(String),
    name_channel           LowCardinality(Nullable(String)),
    name_at                Nullable(DateTime64(3, 'UTC')),
    address                Nullable(String),
    address_channel        LowCardinality(Nullable(String)),
    address_at             Nullable(DateTime64(3, 'UTC')),
    email                  Nullable(String),
    email_channel          LowCardinality(Nullable(String)),
    email_at               Nullable(DateTime64(3, 'UTC')),
    phone                  Nullable(String),
    phone_channel          LowCardinality(Nullable(String)),
    phone_at               Nullable(DateTime64(3, 'UTC')),
    marital_status         LowCardinality(Nullable(String)),
    marital_status_channel LowCardinality(Nullable(String)),
    marital_status_at      Nullable(DateTime64(3, 'UTC')),
    employer               Nullable(String),
    employer_channel       LowCardinality(Nullable(String)),
    employer_at            Nullable(DateTime64(3, 'UTC')),
    date_of_birth          Nullable(String),
    date_of_birth_channel  LowCardinality(Nullable(String)),
    date_of_birth_at       Nullable(DateTime64(3, 'UTC')),
    consents               Map(String, Bool),
    preferred_channel      LowCardinality(Nullable(String)),
    interactions           UInt64,
    inbound_by_channel     Map(String, UInt64),
    kafka_topic            LowCardinality(String),
    kafka_partition        UInt32,
    kafka_offset           UInt64,
    ingested_at            DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(version)
ORDER BY customer_id;
