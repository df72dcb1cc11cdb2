-- Blob health and the repair of cross-owner copies (issue 9). Portable SQL (SQLite and PostgreSQL).

-- When a read or a scrub found the blob's content not to match its SHA-256, or the blob missing or cut short (Unix ms;
-- NULL: not known to be damaged). Reads, ranges, zips, copies and restores refuse a damaged blob; a scrub that finds it
-- good again (an operator restored the file) clears it.
ALTER TABLE blobs ADD COLUMN damaged_at BIGINT NULL;
CREATE INDEX blobs_damaged ON blobs(damaged_at) WHERE damaged_at IS NOT NULL;

-- Before this version a copy out of (or into) a share kept the source's owner on the new rows while charging the
-- destination's owner, so the copy was unreachable and both users' usage was wrong. A node belongs to its tree's
-- owner: give every node the owner of its root, then recompute every user's usage from the versions they own.
WITH RECURSIVE tree(id, owner_id) AS (
    SELECT id, owner_id FROM nodes WHERE parent_id IS NULL
    UNION ALL SELECT c.id, tree.owner_id FROM nodes c JOIN tree ON c.parent_id = tree.id
)
UPDATE nodes SET owner_id = (SELECT t.owner_id FROM tree t WHERE t.id = nodes.id)
WHERE id IN (SELECT t.id FROM tree t JOIN nodes n ON n.id = t.id WHERE n.owner_id <> t.owner_id);

UPDATE users SET used_bytes = COALESCE(
    (SELECT SUM(v.size) FROM versions v JOIN nodes n ON n.id = v.node_id WHERE n.owner_id = users.id), 0);
