-- WebDAV: dead properties of nodes, and write locks. Portable SQL (SQLite and PostgreSQL).

-- Dead properties (RFC 4918 §4) belong to the node, not to its path: a MOVE keeps them (same id), a COPY
-- duplicates them, and deleting the node (trash purge, user deletion) deletes them.
CREATE TABLE node_properties (
    node_id     TEXT NOT NULL REFERENCES nodes(id) ON DELETE CASCADE,
    namespace   TEXT NOT NULL,              -- "" for a property in no namespace
    name        TEXT NOT NULL,
    xml         TEXT NOT NULL,              -- the whole property element, self-contained (its own xmlns declarations)
    PRIMARY KEY (node_id, namespace, name)
);

-- Write locks (RFC 4918 §6–7) live in the metadata store so several nodes can share them. A lock is on a path
-- (a URL), not a node: it may cover an unmapped path, and it does not follow a MOVE.
CREATE TABLE locks (
    token           TEXT PRIMARY KEY,       -- urn:uuid:…, the lock token clients send back in If headers
    owner_id        TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,  -- whose tree the path is in
    path_key        TEXT NOT NULL,          -- the path's canonical comparison key (per-segment name keys)
    path            TEXT NOT NULL,          -- the path as locked, for lockroot
    depth_infinite  INTEGER NOT NULL,
    exclusive       INTEGER NOT NULL,
    owner_xml       TEXT NULL,              -- the client's DAV:owner element, returned verbatim
    timeout_seconds BIGINT NOT NULL,
    expires_at      BIGINT NOT NULL,
    created_by      TEXT NOT NULL,          -- the principal who may submit the token
    created_at      BIGINT NOT NULL
);
CREATE INDEX locks_owner ON locks(owner_id, expires_at);
