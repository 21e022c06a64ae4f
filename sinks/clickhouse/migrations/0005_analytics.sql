-- Analytics (docs/schema.md describes every table and column; docs/queries/ uses them).
--
-- Three layers:
-- 1. Where merged customers went: customer_identifiers / identifier_holders (history of who held
--    which identifier), customer_current (retired id -> current id) and event_customers
--    (interaction -> current customer).
-- 2. Aggregates kept up to date on insert by materialized views, keyed by what the row carries
--    (the customer id of the moment, the day): customer_activity, daily_volume, purchases,
--    purchase_customers.
--    Counts are uniq/uniqExact states of event ids, so a replayed event (the processor is
--    at-least-once) or the backfills below never count twice.
-- 3. Views that apply merges at query time on the small aggregated rows: customer_value,
--    customer_channel_mix, complaints_by_tier, channel_switches(switch_hours = N, days = D).
-- Re-running this file (after a crash before its ledger row) is harmless: every statement is
-- IF NOT EXISTS or a backfill into a table where a second copy of a row changes no answer.
--
-- Runs on chdb and on a ClickHouse server >= 23.8 (docs/schema.md, "Compatibility with
-- ClickHouse 23.8": what each feature needs and how that was checked).
-- Read with `SETTINGS final = 1` like every Chorus query: ReplacingMergeTree tables then never
-- show a replay twice.

-- --- 1. merges --------------------------------------------------------------------------------

-- Every (customer, identifier) pair a 'members' record ever stated: unlike identity_members it
-- keeps the past, so a retired or split id still knows which identifiers it held.
CREATE TABLE IF NOT EXISTS {db}.customer_identifiers
(
    customer_id   String,
    identifier    String,
    first_version UInt64
)
ENGINE = ReplacingMergeTree
ORDER BY (customer_id, identifier);

CREATE MATERIALIZED VIEW IF NOT EXISTS {db}.customer_identifiers_mv TO {db}.customer_identifiers AS
SELECT customer_id, arrayJoin(identifiers) AS identifier, version AS first_version
FROM {db}.identity_events
WHERE kind = 'members';

-- The same pairs sorted by identifier: every customer id an identifier was ever stated under.
CREATE TABLE IF NOT EXISTS {db}.identifier_holders
(
    identifier  String,
    customer_id String
)
ENGINE = ReplacingMergeTree
ORDER BY (identifier, customer_id);

CREATE MATERIALIZED VIEW IF NOT EXISTS {db}.identifier_holders_mv TO {db}.identifier_holders AS
SELECT arrayJoin(identifiers) AS identifier, customer_id
FROM {db}.identity_events
WHERE kind = 'members';

INSERT INTO {db}.customer_identifiers
SELECT customer_id, arrayJoin(identifiers) AS identifier, version
FROM {db}.identity_events
WHERE kind = 'members';

INSERT INTO {db}.identifier_holders
SELECT arrayJoin(identifiers) AS identifier, customer_id
FROM {db}.identity_events
WHERE kind = 'members';

-- Retired id -> the customer that holds its identifiers now. Follows chains of merges of any
-- depth (X into S, later S into T: X -> T) without recursion, whatever order the records arrived
-- in: a merge record names an identifier the two customers were seen with (its first link
-- identifier), and identity_members says who holds that identifier now. A merge record without
-- identifiers falls back to the survivor it names. The hash table is built on the retired ids
-- (RIGHT JOIN), the smaller side.
CREATE VIEW IF NOT EXISTS {db}.customer_current AS
SELECT
    retired.alias AS customer_id,
    if(held.holder != '', held.holder, retired.survivor) AS current_id
FROM
(
    SELECT identifier, argMax(customer_id, version) AS holder
    FROM {db}.identity_members
    GROUP BY identifier
) AS held
RIGHT JOIN
(
    SELECT
        arrayJoin(merged_ids) AS alias,
        argMax(survivor, version) AS survivor,
        argMax(identifiers[1], version) AS identifier
    FROM {db}.identity_events
    WHERE kind = 'merged'
    GROUP BY alias
) AS retired ON held.identifier = retired.identifier;

-- Interaction -> the customer it belongs to now. Timeline rows stay under the id of the moment;
-- this view re-keys them through customer_current (a hash join against the retired ids only).
CREATE VIEW IF NOT EXISTS {db}.event_customers AS
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

-- --- 2. aggregates kept on insert -------------------------------------------------------------

-- Per customer (id of the moment) and channel: counts, first/last contact, complaints. Counts are
-- `uniq` states of entry ids: exact while a customer has fewer than 65,536 entries on a channel
-- (the state keeps every 32-bit hash until then; two entries of one customer colliding is a
-- chance of about one in a million at 100 entries) and 2.2x cheaper to merge than uniqExact's 128-bit sets.
CREATE TABLE IF NOT EXISTS {db}.customer_activity
(
    customer_id     String,
    channel         LowCardinality(String),
    interactions    AggregateFunction(uniq, String),
    inbound         AggregateFunction(uniqIf, String, UInt8),
    outbound        AggregateFunction(uniqIf, String, UInt8),
    complaints      AggregateFunction(uniqIf, String, UInt8),
    first_at        SimpleAggregateFunction(min, DateTime64(3, 'UTC')),
    last_at         SimpleAggregateFunction(max, DateTime64(3, 'UTC')),
    last_inbound_at SimpleAggregateFunction(max, DateTime64(3, 'UTC'))
)
ENGINE = AggregatingMergeTree
ORDER BY (customer_id, channel);

CREATE MATERIALIZED VIEW IF NOT EXISTS {db}.customer_activity_mv TO {db}.customer_activity AS
SELECT
    customer_id,
    channel,
    uniqState(entry_id) AS interactions,
    uniqIfState(entry_id, direction = 'inbound') AS inbound,
    uniqIfState(entry_id, direction = 'outbound') AS outbound,
    uniqIfState(entry_id, entry_type = 'complaint') AS complaints,
    min(occurred_at) AS first_at,
    max(occurred_at) AS last_at,
    max(if(direction = 'inbound', occurred_at, toDateTime64(0, 3, 'UTC'))) AS last_inbound_at
FROM {db}.timeline
WHERE entry_kind = 'interaction'
GROUP BY customer_id, channel;

INSERT INTO {db}.customer_activity
SELECT
    customer_id,
    channel,
    uniqState(entry_id),
    uniqIfState(entry_id, direction = 'inbound'),
    uniqIfState(entry_id, direction = 'outbound'),
    uniqIfState(entry_id, entry_type = 'complaint'),
    min(occurred_at),
    max(occurred_at),
    max(if(direction = 'inbound', occurred_at, toDateTime64(0, 3, 'UTC')))
FROM {db}.timeline
WHERE entry_kind = 'interaction'
GROUP BY customer_id, channel;

-- Interactions per UTC day, channel, type and direction.
CREATE TABLE IF NOT EXISTS {db}.daily_volume
(
    day              Date,
    channel          LowCardinality(String),
    interaction_type LowCardinality(String),
    direction        LowCardinality(String),
    interactions     AggregateFunction(uniqExact, String),
    customer_keys    AggregateFunction(uniq, String)
)
ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(day)
ORDER BY (day, channel, interaction_type, direction);

CREATE MATERIALIZED VIEW IF NOT EXISTS {db}.daily_volume_mv TO {db}.daily_volume AS
SELECT
    toDate(occurred_at) AS day,
    channel,
    interaction_type,
    direction,
    uniqExactState(event_id) AS interactions,
    uniqState(customer_key) AS customer_keys
FROM {db}.interactions
GROUP BY day, channel, interaction_type, direction;

INSERT INTO {db}.daily_volume
SELECT
    toDate(occurred_at) AS day,
    channel,
    interaction_type,
    direction,
    uniqExactState(event_id),
    uniqState(customer_key)
FROM {db}.interactions
GROUP BY day, channel, interaction_type, direction;

-- Money: purchases and returns with a parseable amount (returns are negative), one row per
-- event. Amounts are in the currency of the record (currency column), summed as given.
CREATE TABLE IF NOT EXISTS {db}.purchases
(
    event_id         String,
    occurred_at      DateTime64(3, 'UTC'),
    channel          LowCardinality(String),
    interaction_type LowCardinality(String),
    amount           Decimal(18, 2),
    currency         LowCardinality(String),
    ingested_at      DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(ingested_at)
ORDER BY event_id;

CREATE MATERIALIZED VIEW IF NOT EXISTS {db}.purchases_mv TO {db}.purchases AS
SELECT
    event_id,
    occurred_at,
    channel,
    interaction_type,
    toDecimal64OrZero(attributes['amount'], 2) AS amount,
    attributes['currency'] AS currency,
    ingested_at
FROM {db}.interactions
WHERE interaction_type IN ('purchase', 'return')
  AND isNotNull(toDecimal64OrNull(attributes['amount'], 2));

INSERT INTO {db}.purchases
SELECT
    event_id,
    occurred_at,
    channel,
    interaction_type,
    toDecimal64OrZero(attributes['amount'], 2),
    attributes['currency'],
    ingested_at
FROM {db}.interactions
WHERE interaction_type IN ('purchase', 'return')
  AND isNotNull(toDecimal64OrNull(attributes['amount'], 2));

-- Purchase and return entries of the timeline -> the customer id they were recorded under: with
-- purchases, money per customer without reading the whole timeline (two MVs, one per source
-- table, joined at query time: neither has to wait for the other's row).
CREATE TABLE IF NOT EXISTS {db}.purchase_customers
(
    event_id    String,
    customer_id String,
    ingested_at DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(ingested_at)
ORDER BY event_id;

CREATE MATERIALIZED VIEW IF NOT EXISTS {db}.purchase_customers_mv TO {db}.purchase_customers AS
SELECT source_event_id AS event_id, customer_id, ingested_at
FROM {db}.timeline
WHERE entry_kind = 'interaction' AND entry_type IN ('purchase', 'return');

INSERT INTO {db}.purchase_customers
SELECT source_event_id, customer_id, ingested_at
FROM {db}.timeline
WHERE entry_kind = 'interaction' AND entry_type IN ('purchase', 'return');

-- life_events is created by the detection migration (0004), which may be applied before or after
-- this one: a Merge table over it reads it once it exists and is empty until then.
CREATE TABLE IF NOT EXISTS {db}.life_events_merge
(
    customer_id String,
    type        String,
    detected_at DateTime64(3, 'UTC')
)
ENGINE = Merge({db}, '^life_events$');

-- --- 3. customer value ------------------------------------------------------------------------

-- Thresholds and costs of the value tiers. The latest row (by updated_at) applies; change them
-- with an INSERT (docs/schema.md has one): nothing needs rebuilding, the tiers are computed when
-- queried. The defaults are dated 2000-01-01 so that any row inserted later wins.
CREATE TABLE IF NOT EXISTS {db}.customer_value_settings
(
    most_valuable_min_value Float64 COMMENT 'value >= this: most_valuable',
    below_zero_max_value    Float64 COMMENT 'value < this: below_zero',
    complaint_cost          Float64 COMMENT 'cost of handling one complaint',
    assisted_contact_cost   Float64 COMMENT 'cost of one inbound contact on an assisted channel',
    assisted_channels       Array(String) COMMENT 'channels where a person answers',
    currency_rates          Map(String, Float64) COMMENT 'value of 1 unit in the reporting currency',
    updated_at              DateTime64(3, 'UTC') DEFAULT now64(3),
    note                    String DEFAULT ''
)
ENGINE = MergeTree
ORDER BY updated_at;

INSERT INTO {db}.customer_value_settings
    (most_valuable_min_value, below_zero_max_value, complaint_cost, assisted_contact_cost,
     assisted_channels, currency_rates, updated_at, note)
SELECT 1000, 0, 40, 8, ['call_center', 'branch', 'chat'],
       map('USD', 1.0, 'CNY', 0.14, 'HKD', 0.128, 'TWD', 0.031),
       toDateTime64('2000-01-01 00:00:00', 3, 'UTC'), 'defaults of migration 0005 (amounts in USD)';

-- One row per current customer (retired ids folded into their survivor): RFM measures,
-- interactions per channel, complaints, life events, the value score and its tier.
--   value = monetary (net of returns, converted with currency_rates; a currency without a rate
--           counts 1:1) - complaint_cost * complaints - assisted_contact_cost * assisted contacts
CREATE VIEW IF NOT EXISTS {db}.customer_value AS
WITH
    (SELECT argMax(most_valuable_min_value, updated_at) FROM {db}.customer_value_settings)
        AS most_valuable_min,
    (SELECT argMax(below_zero_max_value, updated_at) FROM {db}.customer_value_settings)
        AS below_zero_max,
    (SELECT argMax(complaint_cost, updated_at) FROM {db}.customer_value_settings)
        AS complaint_cost,
    (SELECT argMax(assisted_contact_cost, updated_at) FROM {db}.customer_value_settings)
        AS assisted_cost,
    (SELECT argMax(assisted_channels, updated_at) FROM {db}.customer_value_settings)
        AS assisted_channels,
    (SELECT argMax(currency_rates, updated_at) FROM {db}.customer_value_settings)
        AS currency_rates
SELECT
    customer_id,
    multiIf(
        value >= most_valuable_min, 'most_valuable',
        value < below_zero_max, 'below_zero',
        'growth'
    ) AS value_tier,
    monetary - complaint_cost * complaints - assisted_cost * assisted_contacts AS value,
    if(last_inbound_at > toDateTime64(0, 3, 'UTC'),
       dateDiff('day', last_inbound_at, now64(3)), NULL) AS recency_days,
    inbound AS frequency,
    monetary,
    purchases,
    interactions,
    inbound,
    outbound,
    by_channel,
    length(by_channel) AS channels,
    complaints,
    assisted_contacts,
    life_events,
    first_at,
    last_at,
    last_inbound_at,
    if(life_events > 0, last_life_event_at, NULL) AS last_life_event_at
FROM
(
    -- per current customer
    SELECT
        customer_id,
        sum(n) AS interactions,
        sum(n_in) AS inbound,
        sum(n_out) AS outbound,
        sum(n_complaints) AS complaints,
        sumIf(n_in, has(assisted_channels, channel)) AS assisted_contacts,
        CAST((groupArrayIf(channel, n > 0), groupArrayIf(n, n > 0)), 'Map(String, UInt64)')
            AS by_channel,
        minIf(first, n > 0) AS first_at,
        max(last) AS last_at,
        max(last_in) AS last_inbound_at,
        round(sum(money), 2) AS monetary,
        sum(n_purchases) AS purchases,
        sum(n_life) AS life_events,
        max(last_life) AS last_life_event_at
    FROM
    (
        -- per current customer and channel: the one place where retired ids are folded in
        SELECT
            if(c.current_id != '', c.current_id, r.customer_id) AS customer_id,
            r.channel AS channel,
            sum(r.n) AS n,
            sum(r.n_in) AS n_in,
            sum(r.n_out) AS n_out,
            sum(r.n_complaints) AS n_complaints,
            min(r.first) AS first,
            max(r.last) AS last,
            max(r.last_in) AS last_in,
            sum(r.money) AS money,
            sum(r.n_purchases) AS n_purchases,
            sum(r.n_life) AS n_life,
            max(r.last_life) AS last_life
        FROM
        (
            -- per recorded id: activity (by channel), money, life events (channel '')
            SELECT
                customer_id,
                channel,
                uniqMerge(interactions) AS n,
                uniqIfMerge(inbound) AS n_in,
                uniqIfMerge(outbound) AS n_out,
                uniqIfMerge(complaints) AS n_complaints,
                min(first_at) AS first,
                max(last_at) AS last,
                max(last_inbound_at) AS last_in,
                toFloat64(0) AS money,
                toUInt64(0) AS n_purchases,
                toUInt64(0) AS n_life,
                toDateTime64(0, 3, 'UTC') AS last_life
            FROM {db}.customer_activity
            GROUP BY customer_id, channel
            UNION ALL
            SELECT
                pc.customer_id AS customer_id,
                '' AS channel,
                toUInt64(0), toUInt64(0), toUInt64(0), toUInt64(0),
                toDateTime64(0, 3, 'UTC'), toDateTime64(0, 3, 'UTC'), toDateTime64(0, 3, 'UTC'),
                sum(toFloat64(p.amount) * if(mapContains(currency_rates, p.currency),
                                             currency_rates[p.currency], 1.0)) AS money,
                countIf(p.interaction_type = 'purchase') AS n_purchases,
                toUInt64(0),
                toDateTime64(0, 3, 'UTC')
            FROM
            (
                SELECT event_id, any(amount) AS amount, any(currency) AS currency,
                       any(interaction_type) AS interaction_type
                FROM {db}.purchases
                GROUP BY event_id
            ) AS p
            INNER JOIN
            (
                SELECT event_id, any(customer_id) AS customer_id
                FROM {db}.purchase_customers
                GROUP BY event_id
            ) AS pc ON pc.event_id = p.event_id
            GROUP BY customer_id
            UNION ALL
            SELECT
                customer_id,
                '' AS channel,
                toUInt64(0), toUInt64(0), toUInt64(0), toUInt64(0),
                toDateTime64(0, 3, 'UTC'), toDateTime64(0, 3, 'UTC'), toDateTime64(0, 3, 'UTC'),
                toFloat64(0),
                toUInt64(0),
                uniqExact(type, detected_at) AS n_life,
                max(detected_at) AS last_life
            FROM {db}.life_events_merge
            GROUP BY customer_id
        ) AS r
        LEFT JOIN {db}.customer_current AS c ON c.customer_id = r.customer_id
        GROUP BY customer_id, channel
    )
    GROUP BY customer_id
    HAVING interactions > 0
);

-- Per current customer and channel: interactions and the channel's share of them.
CREATE VIEW IF NOT EXISTS {db}.customer_channel_mix AS
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
    LEFT JOIN {db}.customer_current AS c ON c.customer_id = act.customer_id
    GROUP BY customer_id, channel
);

-- Complaints per value tier: customers, complaints, complaints per customer, share of complainers.
CREATE VIEW IF NOT EXISTS {db}.complaints_by_tier AS
SELECT
    value_tier,
    count() AS customers,
    sum(cv.complaints) AS complaints_total,
    round(complaints_total / customers, 3) AS complaints_per_customer,
    round(countIf(cv.complaints > 0) / customers, 3) AS share_complaining
FROM {db}.customer_value AS cv
GROUP BY value_tier;

-- Consecutive interactions of a current customer on different channels at most switch_hours
-- apart, among the interactions of the last `days` days:
--   SELECT * FROM channel_switches(switch_hours = 24, days = 90)
-- A replayed interaction next to its original is a same-channel pair, never a switch, so the
-- counts hold without FINAL too.
CREATE VIEW IF NOT EXISTS {db}.channel_switches AS
SELECT
    from_channel,
    to_channel,
    count() AS switches,
    uniqExact(customer_id) AS customers,
    round(quantileExact(0.5)(gap_s) / 3600, 2) AS median_gap_hours
FROM
(
    SELECT
        customer_id,
        channel AS to_channel,
        lagInFrame(channel) OVER w AS from_channel,
        dateDiff('second', lagInFrame(occurred_at) OVER w, occurred_at) AS gap_s,
        row_number() OVER w AS position
    FROM {db}.event_customers
    WHERE occurred_at >= now64(3) - toIntervalDay({days:UInt32})
    WINDOW w AS (PARTITION BY customer_id ORDER BY occurred_at, event_id
                 ROWS BETWEEN 1 PRECEDING AND CURRENT ROW)
)
WHERE position > 1
  AND from_channel != to_channel
  AND gap_s <= {switch_hours:UInt32} * 3600
GROUP BY from_channel, to_channel;
