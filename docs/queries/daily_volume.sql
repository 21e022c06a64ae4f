-- How many interactions did we have per day, channel, type and direction (the last 90 days)?
-- Read from the daily_volume aggregate (kept up to date on insert), not from the raw rows.
SELECT
    day,
    channel,
    interaction_type,
    direction,
    uniqExactMerge(interactions) AS interactions,
    uniqMerge(customer_keys) AS customer_keys
FROM daily_volume
WHERE day >= today() - 90
GROUP BY day, channel, interaction_type, direction
ORDER BY day, channel, interaction_type, direction
SETTINGS final = 1
