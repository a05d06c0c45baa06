-- Pull-through cache: when each cached tag was last confirmed with its upstream, so that a tag's
-- TTL and "last revalidation" survive a restart. Keyed by name (not repositories.id): a row may
-- outlive an evicted repository, and is then simply not consulted (the tag must resolve too).
CREATE TABLE proxy_tag_checks (
    repository_name VARCHAR(255) NOT NULL,
    tag             VARCHAR(128) NOT NULL,
    checked_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (repository_name, tag)
);
