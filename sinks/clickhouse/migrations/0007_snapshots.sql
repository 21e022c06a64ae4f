-- Snapshots of the whole-population views (docs/schema.md; sinks/clickhouse/snapshots.py).
--
-- customer_current and customer_value are exact but read every merge record and every
-- customer's aggregate states when queried: seconds at 10M interactions. Questions over all
-- customers read these copies instead: plain tables sorted by customer_id, stamped with
-- refreshed_at, rebuilt by `chorus run` every CHORUS_SNAPSHOT_SECONDS (60) while rows arrive,
-- or by `chorus db refresh`. The exact views stay for questions that must see the last second.
-- Created here with the statements a refresh runs (a unit test keeps the two the same), IF NOT
-- EXISTS: re-running this file is harmless. customer_id is never NULL, but the views' joins
-- type it Nullable, which a sort key refuses: assumeNotNull.

CREATE TABLE IF NOT EXISTS {db}.customer_current_snapshot
ENGINE = MergeTree ORDER BY customer_id
AS SELECT * REPLACE (assumeNotNull(customer_id) AS customer_id), now64(3, 'UTC') AS refreshed_at
FROM {db}.customer_current
SETTINGS final = 1;

-- The same mapping as an in-memory hash table (Join engine, persisted, reloaded on start) for
-- joinGet: event_customers re-keys millions of rows through it 3x faster than through a JOIN.
CREATE TABLE IF NOT EXISTS {db}.customer_current_lookup
ENGINE = Join(ANY, LEFT, customer_id)
AS SELECT customer_id, ifNull(current_id, customer_id) AS current_id
FROM {db}.customer_current_snapshot
SETTINGS final = 1;

CREATE TABLE IF NOT EXISTS {db}.customer_value_snapshot
ENGINE = MergeTree ORDER BY customer_id
AS SELECT * REPLACE (assumeNotNull(customer_id) AS customer_id), now64(3, 'UTC') AS refreshed_at
FROM {db}.customer_value
SETTINGS final = 1;

-- Interaction -> current customer, for questions over many interactions: re-keyed through the
-- snapshot's lookup table instead of the exact customer_current view, which costs seconds at
-- 10M interactions. A merge shows here once a refresh has seen it; event_customers_exact is the
-- former definition, exact to the last merge.
CREATE VIEW IF NOT EXISTS {db}.event_customers_exact AS
SELECT
    t.source_event_id AS event_id,
    if(c.current_id != '', c.current_id, t.customer_id) AS customer_id,
    t.customer_id AS recorded_customer_id,
    t.occurred_at AS occurred_at,
    t.channel AS channel,
    t.direction AS direction,
    t.entry_type AS interaction_type
FROM {db}.timeline AS t
LEFT JOIN {db}.customer_current AS c ON c.customer_id = t.customer_id
WHERE t.entry_kind = 'interaction';

CREATE OR REPLACE VIEW {db}.event_customers AS
SELECT
    t.source_event_id AS event_id,
    -- the current id of a retired id, '' for any other
    if((joinGet('{db}.customer_current_lookup', 'current_id', t.customer_id) AS mapped) != '',
       mapped, t.customer_id) AS customer_id,
    t.customer_id AS recorded_customer_id,
    t.occurred_at AS occurred_at,
    t.channel AS channel,
    t.direction AS direction,
    t.entry_type AS interaction_type
FROM {db}.timeline AS t
WHERE t.entry_kind = 'interaction';

-- Channel mix per current customer, folded through the snapshot too.
CREATE OR REPLACE VIEW {db}.customer_channel_mix AS
SELECT
    customer_id,
    channel,
    interactions,
    interactions / sum(interactions) OVER (PARTITION BY customer_id) AS share
FROM
(
    SELECT
        if(c.current_id != '', c.current_id, act.customer_id) AS customer_id,
        act.channel AS channel,
        uniqMerge(act.interactions) AS interactions
    FROM {db}.customer_activity AS act
    LEFT JOIN {db}.customer_current_snapshot AS c ON c.customer_id = act.customer_id
    GROUP BY customer_id, channel
);

-- Complaints per value tier, now from the snapshot (the whole population: exactness to the
-- second is not what this question needs; refreshed_at of customer_value_snapshot says how old).
CREATE OR REPLACE VIEW {db}.complaints_by_tier AS
SELECT
    value_tier,
    count() AS customers,
    sum(cv.complaints) AS complaints_total,
    round(complaints_total / customers, 3) AS complaints_per_customer,
    round(countIf(cv.complaints > 0) / customers, 3) AS share_complaining
FROM {db}.customer_value_snapshot AS cv
GROUP BY value_tier;

-- The golden profile with the customer's value: one row per current customer, the profile's
-- attributes plus value_tier and value from the snapshot (NULL until the customer is in one).
CREATE OR REPLACE VIEW {db}.customer_profiles AS
SELECT
    p.*,
    v.value_tier AS value_tier,
    v.value AS value,
    v.refreshed_at AS value_refreshed_at
FROM
(
    SELECT * FROM {db}.golden_profiles FINAL WHERE merged_into IS NULL
) AS p
LEFT JOIN {db}.customer_value_snapshot AS v ON v.customer_id = p.customer_id
SETTINGS join_use_nulls = 1;
