-- Files: folder ETags and fast listing. Portable SQL (SQLite and PostgreSQL).

-- A folder's strong ETag is "<id>-<revision>"; the revision is bumped whenever its children change.
ALTER TABLE nodes ADD COLUMN revision BIGINT NOT NULL DEFAULT 0;

-- Keyset pagination of a folder by size or modified time (name order uses nodes_live_name).
CREATE INDEX nodes_children_size ON nodes(parent_id, size, name_key) WHERE trashed_at IS NULL;
CREATE INDEX nodes_children_modified ON nodes(parent_id, modified_at, name_key) WHERE trashed_at IS NULL;

-- Version retention by age, and trash retention across all users.
CREATE INDEX versions_created ON versions(created_at);
CREATE INDEX nodes_trashed_at ON nodes(trashed_at) WHERE trashed_at IS NOT NULL;
