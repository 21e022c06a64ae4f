-- Privacy (docs/privacy.md): pseudonymised twins of the direct identifiers, and views for
-- analysts that show the twins instead of the raw values. The raw columns stay where something
-- needs them (identity matching, channel systems reading the golden profile, erasure by
-- identifier); the views are what BI tools and ad-hoc analysis should be given.
--
-- A pseudonym is hex(HMAC-SHA256(CHORUS_PSEUDONYM_KEY, 'kind:canonical value')), written by the
-- sink (sinks/clickhouse/pseudonyms.py). Rows stored before this migration have NULL twins
-- (empty maps); they are not back-filled, because SQL cannot compute the keyed HMAC.
ALTER TABLE {db}.interactions
    ADD COLUMN IF NOT EXISTS email_pseudonym Nullable(String) AFTER crm_id,
    ADD COLUMN IF NOT EXISTS phone_pseudonym Nullable(String) AFTER email_pseudonym,
    ADD COLUMN IF NOT EXISTS customer_key_pseudonym Nullable(String) AFTER phone_pseudonym,
    ADD COLUMN IF NOT EXISTS attributes_pseudonymised Map(String, String) AFTER attributes;

ALTER TABLE {db}.golden_profiles
    ADD COLUMN IF NOT EXISTS name_pseudonym Nullable(String) AFTER name_at,
    ADD COLUMN IF NOT EXISTS address_pseudonym Nullable(String) AFTER address_at,
    ADD COLUMN IF NOT EXISTS email_pseudonym Nullable(String) AFTER email_at,
    ADD COLUMN IF NOT EXISTS phone_pseudonym Nullable(String) AFTER phone_at;

-- Interactions without e-mail, phone, the raw customer key, free text and the direct
-- identifiers among the attributes. FINAL inside: one row per event however often replayed.
CREATE VIEW IF NOT EXISTS {db}.interactions_pseudonymised AS
SELECT
    event_id, occurred_at, received_at, channel, direction, interaction_type,
    customer_key_pseudonym, email_pseudonym, phone_pseudonym,
    loyalty_id, account_id, device_id, crm_id,
    attributes_pseudonymised AS attributes, consents,
    source_system, adapter_version, batch_id, ingested_at
FROM {db}.interactions FINAL;

-- Current golden profiles with name, address, e-mail and phone as pseudonyms.
CREATE VIEW IF NOT EXISTS {db}.golden_profiles_pseudonymised AS
SELECT
    customer_id, version, updated_at,
    name_pseudonym, name_channel, name_at,
    address_pseudonym, address_channel, address_at,
    email_pseudonym, email_channel, email_at,
    phone_pseudonym, phone_channel, phone_at,
    marital_status, marital_status_channel, marital_status_at,
    employer, employer_channel, employer_at,
    date_of_birth, date_of_birth_channel, date_of_birth_at,
    consents, preferred_channel, interactions, inbound_by_channel
FROM {db}.golden_profiles FINAL
WHERE merged_into IS NULL;
