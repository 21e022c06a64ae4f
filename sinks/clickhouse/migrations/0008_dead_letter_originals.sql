-- Dead letters are bounded in size (issue 19): past CHORUS_DEAD_LETTER_PAYLOAD_BYTES the payload
-- holds only the original's first bytes. These columns say so and identify the original, which
-- stays fetchable at source_topic/source_partition/source_offset while the topic's retention lasts.
-- Letters stored before this migration read payload_truncated = false and NULL size and hash.

ALTER TABLE {db}.dead_letters
    ADD COLUMN IF NOT EXISTS payload_truncated Bool DEFAULT false AFTER payload;

ALTER TABLE {db}.dead_letters
    ADD COLUMN IF NOT EXISTS original_size Nullable(UInt64) AFTER payload_truncated;

ALTER TABLE {db}.dead_letters
    ADD COLUMN IF NOT EXISTS original_sha256 Nullable(String) AFTER original_size;
