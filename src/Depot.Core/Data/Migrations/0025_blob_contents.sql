-- Small files kept in the metadata store (Storage/InlineBlobStore): the content of a blob whose id has version digit 8
-- (Ids.NewInlineBlob), inserted by the transaction that commits the upload, so one durable commit covers many small
-- files (SQLite's WAL fsync, PostgreSQL's WAL flush) and no file or object is written for them. The row goes with its
-- blobs row (ON DELETE CASCADE). BYTEA is PostgreSQL's binary type; SQLite keeps a BLOB as given under any declared type.
CREATE TABLE blob_contents (
    blob_id     TEXT PRIMARY KEY REFERENCES blobs(id) ON DELETE CASCADE,
    content     BYTEA NOT NULL
);
