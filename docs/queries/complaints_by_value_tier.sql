-- How are complaints spread over the value tiers (most_valuable, growth, below_zero)?
-- One row per tier: customers, complaints, complaints per customer and the share of customers
-- who complained at least once. Tiers and their thresholds: customer_value, docs/schema.md;
-- read from customer_value_snapshot (as of its refreshed_at: CHORUS_SNAPSHOT_SECONDS, 60 s).
SELECT value_tier, customers, complaints_total, complaints_per_customer, share_complaining
FROM complaints_by_tier
ORDER BY complaints_per_customer DESC, value_tier
SETTINGS final = 1
