-- PostgreSQL only: ANALYZE leaves out the columns no query filters, joins, groups or sorts on: content digests and
-- types, the trash's old paths, and the change feed's paths and ETags. Depot analyses its tables as they grow
-- (Data/PostgresStatistics), and under a load of 4 KiB uploads ANALYZE was 8% of PostgreSQL's CPU, much of it sorting
-- these values (64 hex digits a SHA-256) for statistics no plan consults. A table of 20,000 versions analysed in
-- 43 ms before and 19 ms after (bench/README.md, "Issue 10: two round trips under the tree's lock").
ALTER TABLE blobs ALTER COLUMN sha256 SET STATISTICS 0;
ALTER TABLE nodes
    ALTER COLUMN sha256 SET STATISTICS 0,
    ALTER COLUMN sha1 SET STATISTICS 0,
    ALTER COLUMN md5 SET STATISTICS 0,
    ALTER COLUMN content_type SET STATISTICS 0,
    ALTER COLUMN trashed_path SET STATISTICS 0;
ALTER TABLE versions
    ALTER COLUMN sha256 SET STATISTICS 0,
    ALTER COLUMN sha1 SET STATISTICS 0,
    ALTER COLUMN md5 SET STATISTICS 0;
ALTER TABLE changes
    ALTER COLUMN path SET STATISTICS 0,
    ALTER COLUMN old_path SET STATISTICS 0,
    ALTER COLUMN etag SET STATISTICS 0;
