-- Who contacted us on three or more channels this week (the last 7 days up to now)?
-- One row per current customer (merged ids folded in): the channels, inbound contacts, first and
-- last contact of the week. Add the value tier with LEFT JOIN customer_value_snapshot USING
-- customer_id. Merges are followed as of the last snapshot refresh (event_customers).
SELECT
    ec.customer_id AS customer_id,
    arraySort(groupUniqArray(ec.channel)) AS channels,
    uniqExact(ec.event_id) AS contacts,
    min(ec.occurred_at) AS first_contact_at,
    max(ec.occurred_at) AS last_contact_at
FROM event_customers AS ec
WHERE ec.direction = 'inbound'
  AND ec.occurred_at >= now64(3) - INTERVAL 7 DAY
GROUP BY customer_id
HAVING length(channels) >= 3
ORDER BY length(channels) DESC, contacts DESC, customer_id
SETTINGS final = 1
