-- A customer's full timeline exact to the last merge, by its current id or any id merged into it
-- ({customer:String}), oldest first: customer_timeline.sql without the snapshot's lag, at about
-- twice its cost (~50 ms at 10M interactions). Every timeline entry recorded under the current id
-- or under a retired id that held an identifier the current customer holds now; recorded_under
-- says which. Index lookups only: customer_identifiers, identity_members, identifier_holders,
-- customer_aliases and timeline are each read by their sort key. Replays are dropped with
-- LIMIT 1 BY entry_id instead of FINAL, which costs 5x more on a point lookup.
WITH
    -- the customer holding most of the given id's identifiers now (the id itself if not retired)
    (
        SELECT if(count() = 0, {customer:String}, argMax(holder, (n, holder)))
        FROM
        (
            SELECT holder, count() AS n
            FROM
            (
                SELECT identifier, argMax(customer_id, version) AS holder
                FROM identity_members
                WHERE identifier IN (SELECT identifier FROM customer_identifiers
                                     WHERE customer_id = {customer:String})
                GROUP BY identifier
            )
            GROUP BY holder
        )
        WHERE {customer:String} IN (SELECT alias FROM customer_aliases
                                    WHERE alias = {customer:String})
    ) AS current_id,
    -- the identifiers it holds now
    (
        SELECT groupArray(identifier)
        FROM
        (
            SELECT identifier, argMax(customer_id, version) AS holder
            FROM identity_members
            WHERE identifier IN (SELECT identifier FROM customer_identifiers
                                 WHERE customer_id = current_id)
            GROUP BY identifier
        )
        WHERE holder = current_id
    ) AS held_now,
    -- the retired ids that held any of them
    (
        SELECT groupArray(alias)
        FROM customer_aliases
        WHERE alias IN (SELECT customer_id FROM identifier_holders
                        WHERE has(held_now, identifier))
    ) AS merged_in
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
WHERE customer_id = current_id OR has(merged_in, customer_id)
ORDER BY occurred_at, entry_id
LIMIT 1 BY entry_id
