-- PostgreSQL only: small files' content (0025) stays in its row (STORAGE MAIN) instead of going out of line to the
-- TOAST table, as every value over about 2 KiB that does not compress (photos, archives, random bytes) did. A download
-- of a small file reads it with its path walk, and out of line that was a second index lookup and a heap fetch per
-- 2 KiB chunk, then their reassembly: reading a 4 KiB value by key was 46,000-48,000 a second out of line and
-- 65,000-76,000 in the row (pgbench, bench/README.md "Issue 10: what a tree's lane costs PostgreSQL", cut 2). PostgreSQL still
-- compresses first, and still moves a value out of line when the row cannot fit in a page otherwise (over about 8 KiB).
-- The cost is space: a row over half a page has a page to itself. Existing values stay as they were written.
ALTER TABLE blob_contents ALTER COLUMN content SET STORAGE MAIN;
