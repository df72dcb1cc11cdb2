-- PostgreSQL only: three foreign keys whose rule Depot keeps itself go: the change feed's user (0013), a small file's
-- blob (0025) and a node's owner (0001). Each is deleted by the transaction that deletes what it belongs to: a user's
-- nodes and feed with the user (SqlAccountStore.DeleteUserAsync, which takes the user's tree lock, as every writer of a
-- node does), a blob's content with its blobs row (SqlFileSession.DeleteUnreferencedBlobsAsync).
-- PostgreSQL checks a foreign key with one query per inserted row, which locks the referenced row. A 4 KiB upload
-- inserts a node, a feed row and a content row, and their checks were 10-14% of PostgreSQL's CPU per upload, all of it
-- inside the tree's lock, where the next batch of uploads waits (bench/README.md, "Issue 10: foreign keys Depot keeps
-- itself"). The feed is a log, as the audit trail is: a row that a write racing a user's deletion records for that user
-- (a recipient of a share) is read by no one and goes with retention. The keys that cascade a folder's deletion to its
-- children and a node's to its versions, and the one that keeps a referenced blob from being collected, stay. SQLite
-- keeps all of them (a check there is an in-process lookup); their cascades there do the same deletes as Depot does.
ALTER TABLE changes DROP CONSTRAINT changes_user_id_fkey;
ALTER TABLE blob_contents DROP CONSTRAINT blob_contents_blob_id_fkey;
ALTER TABLE nodes DROP CONSTRAINT nodes_owner_id_fkey;
