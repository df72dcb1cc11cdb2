-- A tus creation (POST) repeated by a client after a lost answer finds the upload its first attempt made (issue 12:
-- a node killed mid-request). Portable SQL (SQLite and PostgreSQL).

-- The client's Idempotency-Key (draft-ietf-httpapi-idempotency-key-header), unique per uploader; NULL without one.
ALTER TABLE uploads ADD COLUMN idempotency_key TEXT NULL;
CREATE UNIQUE INDEX uploads_idempotency_key ON uploads(user_id, idempotency_key) WHERE idempotency_key IS NOT NULL;
