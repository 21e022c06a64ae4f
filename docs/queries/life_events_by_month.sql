-- Life events by type per month of detection, with the time from detection to the first
-- outbound contact (median hours; share of events that got one).
-- Reads life_events(customer_id, type, detected_at), written by the detection stage.
SELECT
    toStartOfMonth(le.detected_at) AS month,
    le.type AS life_event,
    count() AS events,
    uniqExact(le.customer_id) AS customers,
    round(countIf(o.occurred_at > le.detected_at) / count(), 3) AS share_contacted,
    round(quantileExactIf(0.5)(dateDiff('second', le.detected_at, o.occurred_at) / 3600,
                               o.occurred_at > le.detected_at), 1) AS median_hours_to_contact
FROM
(
    SELECT
        if(c.current_id != '', c.current_id, l.customer_id) AS customer_id,
        l.type AS type,
        l.detected_at AS detected_at
    FROM life_events AS l
    LEFT JOIN customer_current_snapshot AS c ON c.customer_id = l.customer_id
) AS le
ASOF LEFT JOIN
(
    SELECT customer_id, occurred_at
    FROM event_customers
    WHERE direction = 'outbound'
) AS o ON o.customer_id = le.customer_id AND o.occurred_at > le.detected_at
GROUP BY month, life_event
ORDER BY month, life_event
SETTINGS final = 1
