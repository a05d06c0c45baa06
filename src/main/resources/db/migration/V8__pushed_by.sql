-- Who pushed a manifest, and who last moved each tag (Caller.toString(): "alice@10.0.0.5",
-- "anonymous@10.0.0.7", "app"), for the Dashboard's recent pushes. NULL for rows from before.
ALTER TABLE manifests ADD COLUMN pushed_by VARCHAR(200);
ALTER TABLE tags ADD COLUMN pushed_by VARCHAR(200);
