-- PostgreSQL only: small files' content (0025) is compressed with LZ4 instead of the default pglz. PostgreSQL tries to
-- compress every value over about 2 KiB before it moves it out of line; pglz spent 3.4% of PostgreSQL's CPU in a
-- benchmark of 4 KiB uploads (bench/README.md, "Issue 10: one update per batch"), most of it on content that does not
-- compress (photos, archives, anything already compressed). LZ4 gives up on such content in a few microseconds and
-- still compresses text. A server built without LZ4 (it is optional since PostgreSQL 14) keeps pglz. Existing values
-- stay as they were written; new ones use LZ4.
DO $$
BEGIN
    ALTER TABLE blob_contents ALTER COLUMN content SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported THEN
    NULL;
END
$$;
