-- How many customers had a life event last month, and how fast did we react?
-- Per life-event type detected in the previous calendar month: events, customers, how many got
-- an outbound contact after the detection, and the median and 90th percentile of the hours from
-- detection to that first outbound contact (on any channel, to the current customer).
-- Reads life_events(customer_id, type, detected_at), written by the detection stage.
SELECT
    le.type AS life_event,
    count() AS events,
    uniqExact(le.customer_id) AS customers,
    countIf(o.occurred_at > le.detected_at) AS reacted,
    round(quantileExactIf(0.5)(dateDiff('second', le.detected_at, o.occurred_at) / 3600,
                               o.occurred_at > le.detected_at), 1) AS median_hours_to_contact,
    round(quantileExactIf(0.9)(dateDiff('second', le.detected_at, o.occurred_at) / 3600,
                               o.occurred_at > le.detected_at), 1) AS p90_hours_to_contact
FROM
(
    SELECT
        if(c.current_id != '', c.current_id, l.customer_id) AS customer_id,
        l.type AS type,
        l.detected_at AS detected_at
    FROM life_events AS l
    LEFT JOIN customer_current_snapshot AS c ON c.customer_id = l.customer_id
    WHERE l.detected_at >= toStartOfMonth(now()) - INTERVAL 1 MONTH
      AND l.detected_at < toStartOfMonth(now())
) AS le
ASOF LEFT JOIN
(
    SELECT customer_id, occurred_at
    FROM event_customers
    WHERE direction = 'outbound'
) AS o ON o.customer_id = le.customer_id AND o.occurred_at > le.detected_at
GROUP BY life_event
ORDER BY events DESC, life_event
SETTINGS final = 1
