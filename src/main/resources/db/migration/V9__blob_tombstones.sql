-- Blobs whose metadata a garbage collection deleted and whose bytes it has yet to remove. The row
-- commits with the deletion, before any byte is touched, so a crash between the two leaves a note
-- of what to finish rather than a blob row pointing at missing bytes (and needs no rename, which an
-- object store does not have).
CREATE TABLE blob_tombstones (
    digest     VARCHAR(135) PRIMARY KEY,
    deleted_at TIMESTAMP WITH TIME ZONE NOT NULL
);
