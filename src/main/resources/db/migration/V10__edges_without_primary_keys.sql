-- The reference graph's edge tables lose their primary keys. A push inserts a manifest's edges in
-- the transaction that inserts the manifest (one per distinct target), so the manifests' own key
-- already keeps them unique; nothing looks an edge up by all three columns. H2 stores a composite
-- key as one more B-tree beside the foreign key's index on (repository_id, manifest): every edge
-- was written three times over, and since each durable commit writes the leaves it touched, that
-- extra index cost a page write per edge per push (bench/RESULTS.md, issue 10).
ALTER TABLE manifest_blobs DROP PRIMARY KEY;
ALTER TABLE manifest_children DROP PRIMARY KEY;
