-- Passkeys (WebAuthn credentials): a second factor after the password, or a sign-in of their own. Binary values are
-- base64url text so one script serves SQLite and PostgreSQL. sign_count only moves forward: a conditional UPDATE
-- (sign_count < new) accepts an assertion once, on whichever node it arrives, and refuses a cloned authenticator's.
CREATE TABLE passkeys (
    id              TEXT PRIMARY KEY,          -- Depot's own short id, for the API
    user_id         TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    credential_id   TEXT NOT NULL UNIQUE,      -- base64url of the authenticator's credential id
    public_key      TEXT NOT NULL,             -- base64url of the COSE public key
    sign_count      BIGINT NOT NULL DEFAULT 0,
    user_handle     TEXT NOT NULL,             -- base64url of the WebAuthn user.id the credential was made for
    name            TEXT NOT NULL,
    created_at      BIGINT NOT NULL,
    last_used_at    BIGINT NULL
);
CREATE INDEX passkeys_user ON passkeys (user_id);

-- Pending ceremonies (the options sent to the browser, with their challenge), shared by every node: taken once (a
-- DELETE decides which request gets it) and useless after expires_at. user_id is NULL for a username-less sign-in.
CREATE TABLE passkey_challenges (
    id              TEXT PRIMARY KEY,
    purpose         TEXT NOT NULL,             -- register | sign_in | second_factor
    user_id         TEXT NULL REFERENCES users(id) ON DELETE CASCADE,
    options         TEXT NOT NULL,             -- the ceremony's options as JSON
    expires_at      BIGINT NOT NULL
);
CREATE INDEX passkey_challenges_expiry ON passkey_challenges (expires_at);
