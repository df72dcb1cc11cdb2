-- PostgreSQL only (the Migrator runs *.postgres.sql there alone): what PostgreSQL's planner and collations need and
-- SQLite has no words for. Measured on a 100,000-node tree in bench/pg-plans (results/ and docs/architecture.md).

-- Depot compares and sorts names byte by byte, as SQLite's BINARY collation does: folder listings and their keyset
-- cursors, search order and its cursor (merged in byte order in SearchService), the users and groups lists. A
-- PostgreSQL database usually defaults to a language's collation (en_US.UTF-8, an ICU locale), which puts "É" before
-- "Z" and weighs punctuation apart: listings came back in another order than on SQLite and a search cursor skipped or
-- repeated rows, and LIKE 'prefix%' cannot use a btree index outside "C". "C" on the sorted columns makes both backends
-- agree whatever the database's default (the indexes on these columns are rebuilt in "C" with them).
ALTER TABLE nodes ALTER COLUMN name_key TYPE TEXT COLLATE "C";
ALTER TABLE users ALTER COLUMN username_key TYPE TEXT COLLATE "C";
ALTER TABLE users ALTER COLUMN username TYPE TEXT COLLATE "C";
ALTER TABLE user_groups ALTER COLUMN name_key TYPE TEXT COLLATE "C";
ALTER TABLE node_properties ALTER COLUMN namespace TYPE TEXT COLLATE "C";
ALTER TABLE node_properties ALTER COLUMN name TYPE TEXT COLLATE "C";

-- Search on PostgreSQL walks up from each match instead of down the whole tree (SearchService): the matches of one
-- owner's live nodes in (name_key, id) order, read from this index until a page is full.
CREATE INDEX nodes_owner_live_name ON nodes(owner_id, name_key, id) WHERE trashed_at IS NULL;
