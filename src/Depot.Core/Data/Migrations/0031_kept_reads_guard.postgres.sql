-- PostgreSQL only: what the guard of a group commit batch calls when the batch took its first reads from what its node
-- kept of a tree (Files/KnownFolders.cs). Unless the check holds, it fails the transaction, and the batch runs again
-- with reads. Under several nodes that is expected now and then, so PostgreSQL's log says what happened, where a bare
-- division by zero would look like a fault.
CREATE FUNCTION depot_kept_reads_hold(holds boolean, what text) RETURNS integer LANGUAGE plpgsql VOLATILE AS $$
BEGIN
    IF holds IS NOT TRUE THEN
        RAISE EXCEPTION 'depot: %: the batch runs again with reads', what;
    END IF;
    RETURN 1;
END
$$;
