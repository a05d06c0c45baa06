-- Berth metadata, version 6 (issue 15): garbage collection's grace period is measured from the
-- last time a client used a blob — its upload, a HEAD or GET of it, a mount, a manifest pushed
-- with it — not from when its row was created. Deleting an old image in the app and collecting
-- then frees it at once, while a blob a client just checked (and skipped uploading) is kept.
ALTER TABLE blobs ADD COLUMN last_used_at TIMESTAMP WITH TIME ZONE;
UPDATE blobs b SET last_used_at = COALESCE(
    (SELECT MAX(l.linked_at) FROM repository_blobs l WHERE l.digest = b.digest AND l.linked_at > b.created_at),
    b.created_at);

-- What each collection held back because a client used it within the grace period, so that a
-- run that freed nothing still says why and when the rest becomes collectable.
ALTER TABLE gc_runs ADD COLUMN held_back_blobs BIGINT DEFAULT 0 NOT NULL;
ALTER TABLE gc_runs ADD COLUMN held_back_bytes BIGINT DEFAULT 0 NOT NULL;
ALTER TABLE gc_runs ADD COLUMN collectable_from TIMESTAMP WITH TIME ZONE;
