-- Locks live in the owner's tree, but the per-user limit (Depot:Locks:MaxPerUser) counts the locks a principal took
-- anywhere, in its own tree and in others' shared with it: each new lock counts them by creator.
CREATE INDEX locks_created_by ON locks(created_by, expires_at);

-- Every write first asks whether any live lock exists at all (nearly always none): one index probe.
CREATE INDEX locks_expiry ON locks(expires_at);
