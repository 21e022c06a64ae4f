-- A customer's full timeline, by its current id or any id that was merged into it
-- ({customer:String}, e.g. c_0123456789abcdef). Every timeline entry recorded under the current
-- id or under a retired id whose identifiers the current customer holds now, oldest first;
-- recorded_under says which. Index lookups only (customer_identifiers, identity_members,
-- identifier_holders, customer_aliases and timeline are each read by their sort key).
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
    -- ids that ever held one of the current customer's identifiers, of them the retired ones ...
    candidates AS
    (
        SELECT DISTINCT customer_id
        FROM identifier_holders
        WHERE identifier IN (SELECT identifier FROM customer_identifiers
                             WHERE customer_id = current_id)
    ),
    retired AS
    (
        SELECT DISTINCT alias AS customer_id
        FROM customer_aliases
        WHERE alias IN (SELECT customer_id FROM candidates)
    ),
    -- ... and whose identifiers the current customer holds most of now (as customer_current)
    merged_in AS
    (
        SELECT customer_id
        FROM
        (
            SELECT ids.customer_id AS customer_id, now_held.holder AS holder, count() AS n
            FROM
            (
                SELECT customer_id, identifier FROM customer_identifiers
                WHERE customer_id IN (SELECT customer_id FROM retired)
            ) AS ids
            INNER JOIN
            (
                SELECT identifier, argMax(customer_id, version) AS holder
                FROM identity_members
                WHERE identifier IN (SELECT identifier FROM customer_identifiers
                                     WHERE customer_id IN (SELECT customer_id FROM retired))
                GROUP BY identifier
            ) AS now_held ON now_held.identifier = ids.identifier
            GROUP BY customer_id, holder
        )
        GROUP BY customer_id
        HAVING argMax(holder, (n, holder)) = current_id
    )
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
WHERE customer_id = current_id
   OR customer_id IN (SELECT customer_id FROM merged_in)
ORDER BY occurred_at, entry_id
SETTINGS final = 1
