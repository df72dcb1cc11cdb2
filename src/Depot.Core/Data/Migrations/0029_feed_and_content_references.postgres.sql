-- PostgreSQL only: the change feed's rows (0013) and small files' content (0025) no longer carry foreign keys; Depot
-- deletes them itself, in the transaction that deletes what they belong to: a user's feed with the user
-- (SqlAccountStore.DeleteUserAsync), a blob's content with its blobs row (SqlFileSession.DeleteUnreferencedBlobsAsync).
-- PostgreSQL checks a foreign key with one query per inserted row, which locks the referenced row: under a load of
-- 4 KiB uploads the two checks were 10-14% of PostgreSQL's CPU per upload, all of it inside the tree's lock, and
-- dropping them gave 4-21% more uploads a second (bench/README.md, "Issue 10: two foreign keys fewer"). Neither check
-- guarded anything a writer could break: a feed row's user and a content row's blob are read or inserted by the same
-- transaction, under the tree's lock. The feed is a log, as the audit trail is: a row a racing write leaves for a user
-- deleted meanwhile is read by no one and goes with retention. SQLite keeps both keys (a check there is an in-process
-- lookup of microseconds), so their cascades do nothing Depot has not done already.
ALTER TABLE changes DROP CONSTRAINT changes_user_id_fkey;
ALTER TABLE blob_contents DROP CONSTRAINT blob_contents_blob_id_fkey;
