-- Favourites and recent files (the web app's star, Favourites and Recent views). Portable SQL (SQLite and PostgreSQL).

-- Items a user starred, by node id: a rename or move keeps the star; deleting the item for good (or the user) drops it.
CREATE TABLE favourites (
    user_id     TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    node_id     TEXT NOT NULL REFERENCES nodes(id) ON DELETE CASCADE,
    created_at  BIGINT NOT NULL,
    PRIMARY KEY (user_id, node_id)
);
CREATE INDEX favourites_node ON favourites(node_id);

-- "Recent": a user's live files, newest change first, without sorting the whole tree.
CREATE INDEX nodes_owner_recent ON nodes(owner_id, modified_at) WHERE kind = 1 AND trashed_at IS NULL;
