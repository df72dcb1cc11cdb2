-- Portable SQL: runs on SQLite and PostgreSQL. Ids are TEXT (GUIDv7 hex), instants are BIGINT Unix
-- milliseconds, booleans are INTEGER 0/1.

CREATE TABLE users (
    id              TEXT PRIMARY KEY,
    username        TEXT NOT NULL,
    username_key    TEXT NOT NULL UNIQUE,      -- lower-case invariant: "Alice" and "alice" are one account
    password_hash   TEXT NOT NULL,             -- versioned PBKDF2 format, see Accounts/PasswordHasher
    is_admin        INTEGER NOT NULL DEFAULT 0,
    disabled        INTEGER NOT NULL DEFAULT 0,
    quota_bytes     BIGINT NULL,               -- NULL: unlimited
    used_bytes      BIGINT NOT NULL DEFAULT 0, -- every version of every file kept, trash included
    root_id         TEXT NOT NULL,
    created_at      BIGINT NOT NULL
);

CREATE TABLE tokens (
    id              TEXT PRIMARY KEY,
    user_id         TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    hash            TEXT NOT NULL UNIQUE,      -- SHA-256 of the secret; the secret itself is never stored
    kind            TEXT NOT NULL,             -- 'session' | 'personal'
    name            TEXT NULL,
    created_at      BIGINT NOT NULL,
    expires_at      BIGINT NOT NULL,
    last_used_at    BIGINT NULL,
    created_from    TEXT NULL                  -- client address at creation, for the sessions list
);
CREATE INDEX tokens_user ON tokens(user_id);

CREATE TABLE blobs (
    id              TEXT PRIMARY KEY,
    size            BIGINT NOT NULL,
    sha256          TEXT NOT NULL,             -- lower-case hex
    created_at      BIGINT NOT NULL
);

CREATE TABLE nodes (
    id                  TEXT PRIMARY KEY,
    owner_id            TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    parent_id           TEXT NULL REFERENCES nodes(id) ON DELETE CASCADE,  -- NULL only for a user's root
    name                TEXT NOT NULL,         -- NFC, as the user wrote it
    name_key            TEXT NOT NULL,         -- the canonical comparison key, see Files/NodeName
    kind                INTEGER NOT NULL,      -- 0 folder, 1 file
    current_version_id  TEXT NULL,
    size                BIGINT NOT NULL DEFAULT 0,
    sha256              TEXT NULL,
    content_type        TEXT NULL,
    created_at          BIGINT NOT NULL,
    modified_at         BIGINT NOT NULL,
    trashed_at          BIGINT NULL,           -- set on the top node of a deleted subtree only
    trashed_path        TEXT NULL              -- where it was, for the trash listing and restore
);
-- Names are unique among the live children of a folder; trashed nodes keep their names without conflict.
CREATE UNIQUE INDEX nodes_live_name ON nodes(parent_id, name_key) WHERE trashed_at IS NULL;
CREATE INDEX nodes_parent ON nodes(parent_id);
CREATE INDEX nodes_trash ON nodes(owner_id, trashed_at) WHERE trashed_at IS NOT NULL;

CREATE TABLE versions (
    id              TEXT PRIMARY KEY,
    node_id         TEXT NOT NULL REFERENCES nodes(id) ON DELETE CASCADE,
    blob_id         TEXT NOT NULL REFERENCES blobs(id),
    size            BIGINT NOT NULL,
    sha256          TEXT NOT NULL,
    created_at      BIGINT NOT NULL,
    created_by      TEXT NULL
);
CREATE INDEX versions_node ON versions(node_id, created_at);
CREATE INDEX versions_blob ON versions(blob_id);
