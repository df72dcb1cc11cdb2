-- Thumbnails (Thumbnails/ThumbnailService): one row per rendered thumbnail, keyed by the SHA-256 of the content it was made
-- from and its size name, so every copy of the same picture, in any user's tree, shares one. The thumbnail itself is a
-- blob in the same store as the files (encrypted like them when encryption at rest is on), but not a row of `blobs`:
-- no version references it. source_blob_id is the blob it was made from: maintenance drops the row, and deletes the
-- thumbnail's blob, once that blob is gone. Orphan collection treats thumbnail_blob_id as known. Portable SQL; times in
-- Unix ms.
CREATE TABLE thumbnails (
    source_sha256       TEXT NOT NULL,
    size_name           TEXT NOT NULL,
    thumbnail_blob_id   TEXT NOT NULL,
    source_blob_id      TEXT NOT NULL,
    bytes               BIGINT NOT NULL,
    created_at          BIGINT NOT NULL,
    PRIMARY KEY (source_sha256, size_name)
);

CREATE INDEX thumbnails_blob ON thumbnails (thumbnail_blob_id);
