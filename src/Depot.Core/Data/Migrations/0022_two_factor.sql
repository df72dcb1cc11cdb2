-- Two-factor sign-in (TOTP, RFC 6238). One row per user who started or finished enrolment; confirmed_at is NULL while
-- the enrolment waits for its first code. last_step is the highest time step a code was accepted for: a conditional
-- UPDATE (last_step < step) accepts each code once, on whichever node it arrives, so a seen code cannot be replayed.
CREATE TABLE two_factor (
    user_id         TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    secret          TEXT NOT NULL,             -- base32 shared key (160 bits)
    created_at      BIGINT NOT NULL,
    confirmed_at    BIGINT NULL,
    last_step       BIGINT NOT NULL DEFAULT 0
);

-- Single-use recovery codes, only as SHA-256 of user id and code (79 random bits each, so a fast hash is enough).
CREATE TABLE recovery_codes (
    user_id         TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    hash            TEXT NOT NULL,
    used_at         BIGINT NULL,
    PRIMARY KEY (user_id, hash)
);

-- Server-wide settings an admin changes at run time (not configuration files): name -> value.
CREATE TABLE settings (
    name            TEXT PRIMARY KEY,
    value           TEXT NOT NULL,
    updated_at      BIGINT NOT NULL
);
