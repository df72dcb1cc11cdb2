-- Groups and the audit log. Portable SQL (SQLite and PostgreSQL).

-- "groups" is a keyword in both dialects (window frames), so the table is user_groups.
CREATE TABLE user_groups (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,                 -- as the admin wrote it, see Groups/GroupNameRule
    name_key    TEXT NOT NULL UNIQUE,          -- lower-case invariant: "Eng" and "eng" are one group
    created_at  BIGINT NOT NULL
);

-- Deleting a user or a group removes its memberships.
CREATE TABLE group_members (
    group_id    TEXT NOT NULL REFERENCES user_groups(id) ON DELETE CASCADE,
    user_id     TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    added_at    BIGINT NOT NULL,
    PRIMARY KEY (group_id, user_id)
);
-- "Which groups is this user in?": the access check asks it on every shared-item request.
CREATE INDEX group_members_user ON group_members(user_id, group_id);

-- Append-only. No foreign keys: the trail outlives the accounts, nodes and groups it mentions.
CREATE TABLE audit_events (
    id              TEXT PRIMARY KEY,          -- GUIDv7: time-ordered, the tie-break within one millisecond
    at              BIGINT NOT NULL,
    action          TEXT NOT NULL,             -- Events/AuditActions, e.g. 'auth.sign_in'
    actor_id        TEXT NULL,                 -- NULL: anonymous (failed sign-in, public-link visitor)
    actor_name      TEXT NULL,                 -- the username at the time
    address         TEXT NULL,                 -- the client address as the adapter saw it
    target_owner_id TEXT NULL,                 -- the item's owner or the account concerned; NULL: admins only
    target_node_id  TEXT NULL,
    target_path     TEXT NULL,                 -- the item's path at the time
    details         TEXT NULL                  -- a small JSON object of strings; never secrets
);
CREATE INDEX audit_events_at ON audit_events(at, id);
CREATE INDEX audit_events_owner ON audit_events(target_owner_id, at, id);
CREATE INDEX audit_events_actor ON audit_events(actor_id, at, id);
