-- A customer's full timeline, by its current id or any id that was merged into it
-- ({customer:String}, e.g. c_0123456789abcdef), oldest first: every timeline entry recorded under
-- the current id or under a retired id folded into it; recorded_under says which. Merges are
-- followed through customer_current_snapshot (two index lookups), so a merge younger than the
-- snapshot's refreshed_at (CHORUS_SNAPSHOT_SECONDS, 60 s by default) shows after the next
-- refresh; customer_timeline_exact.sql follows every merge at once, at about twice the cost.
-- Replays are dropped with LIMIT 1 BY entry_id instead of FINAL (5x cheaper on a point lookup).
WITH
    (
        SELECT any(current_id)
        FROM customer_current_snapshot
        WHERE customer_id = {customer:String}
    ) AS mapped,
    if(mapped != '', mapped, {customer:String}) AS wanted
SELECT
    occurred_at,
    channel,
    direction,
    entry_kind,
    entry_type,
    summary,
    source_event_id,
    customer_id AS recorded_under
FROM timeline
WHERE customer_id = wanted
   OR customer_id IN (SELECT customer_id FROM customer_current_snapshot WHERE current_id = wanted)
ORDER BY occurred_at, entry_id
LIMIT 1 BY entry_id
