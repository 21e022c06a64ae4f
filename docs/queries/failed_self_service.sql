-- Which web sessions ended in a call within a day (failed self-service), in the last 30 days?
-- A session's end is a web interaction whose customer's next interaction is not on the web; it
-- failed when that next interaction is an inbound call-center contact at most 24 hours later.
-- One row per such session end, newest first, with the current customer (as of the last
-- snapshot refresh). Add the value tier with LEFT JOIN customer_value_snapshot USING customer_id.
SELECT
    s.customer_id AS customer_id,
    s.occurred_at AS session_ended_at,
    s.next_at AS call_at,
    round(dateDiff('second', s.occurred_at, s.next_at) / 60, 1) AS minutes_to_call,
    s.next_type AS call_type
FROM
(
    SELECT
        customer_id,
        channel,
        occurred_at,
        leadInFrame(channel) OVER w AS next_channel,
        leadInFrame(direction) OVER w AS next_direction,
        leadInFrame(interaction_type) OVER w AS next_type,
        leadInFrame(occurred_at) OVER w AS next_at
    FROM event_customers
    WHERE occurred_at >= now64(3) - INTERVAL 31 DAY
    WINDOW w AS (PARTITION BY customer_id ORDER BY occurred_at, event_id
                 ROWS BETWEEN CURRENT ROW AND 1 FOLLOWING)
) AS s
WHERE s.channel = 'web'
  AND s.occurred_at >= now64(3) - INTERVAL 30 DAY
  AND s.next_channel = 'call_center'
  AND s.next_direction = 'inbound'
  AND s.next_at <= s.occurred_at + INTERVAL 24 HOUR
ORDER BY session_ended_at DESC, customer_id
SETTINGS final = 1
