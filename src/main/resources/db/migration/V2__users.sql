-- Berth metadata, version 2: registry users (issue 4, access and TLS).
--
-- Permissions are deliberately simple for now: a user is read-only or read-write, optionally
-- limited to namespaces (user_namespaces.prefix 'team-a' = repositories 'team-a/*'). Projects and
-- roles can grow out of this by adding tables that grant actions per namespace, with
-- user_namespaces becoming "member of project".

CREATE TABLE users (
    name          VARCHAR(64) PRIMARY KEY,
    password_hash VARCHAR(60) NOT NULL,  -- bcrypt, $2y$ (htpasswd -B compatible)
    read_only     BOOLEAN NOT NULL,
    disabled      BOOLEAN NOT NULL,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE user_namespaces (
    user_name VARCHAR(64) NOT NULL REFERENCES users (name) ON DELETE CASCADE,
    prefix    VARCHAR(255) NOT NULL,
    PRIMARY KEY (user_name, prefix)
);
