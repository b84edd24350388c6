-- Roles hold ACL resources; admin users hold a role; integrations hold resources of their own.
-- A role or integration is allowed exactly the resources listed for it, or everything with
-- Magento_Backend::all (Magento writes an explicit deny for every resource a role does not list,
-- so a parent resource does not grant its children).

CREATE TABLE admin_role (
    role_id  ${identity},
    name     ${text} NOT NULL,
    name_key ${text} NOT NULL UNIQUE
);

CREATE TABLE admin_role_resource (
    role_id  BIGINT NOT NULL REFERENCES admin_role (role_id) ON DELETE CASCADE,
    resource ${text}   NOT NULL,
    PRIMARY KEY (role_id, resource)
);

INSERT INTO admin_role (name, name_key) VALUES ('Administrators', 'administrators');
INSERT INTO admin_role_resource (role_id, resource)
SELECT role_id, 'Magento_Backend::all' FROM admin_role WHERE name_key = 'administrators';

ALTER TABLE admin_user ADD COLUMN role_id BIGINT REFERENCES admin_role (role_id);
UPDATE admin_user SET role_id = (SELECT role_id FROM admin_role WHERE name_key = 'administrators');

-- Consecutive failed sign-ins per username (known or not), and the lock they lead to.
CREATE TABLE admin_sign_in_failure (
    username_key ${text}    NOT NULL PRIMARY KEY,
    failures     INTEGER NOT NULL,
    locked_until BIGINT  NOT NULL
);

-- An integration has one OAuth consumer and one access token, as in Magento. The secrets are
-- kept as they are (OAuth 1.0a signs with them); the access token only as its SHA-256 hash.
CREATE TABLE integration (
    integration_id      ${identity},
    name                ${text}     NOT NULL,
    name_key            ${text}     NOT NULL UNIQUE,
    is_active           SMALLINT NOT NULL,
    consumer_key        ${text}     NOT NULL UNIQUE,
    consumer_secret     ${text}     NOT NULL,
    access_token_hash   ${text}     NOT NULL UNIQUE,
    access_token_secret ${text}     NOT NULL,
    created_at          BIGINT   NOT NULL
);

CREATE TABLE integration_resource (
    integration_id BIGINT NOT NULL REFERENCES integration (integration_id) ON DELETE CASCADE,
    resource       ${text}   NOT NULL,
    PRIMARY KEY (integration_id, resource)
);

-- Nonces seen within the timestamp window, per consumer; shared by every instance.
CREATE TABLE oauth_nonce (
    consumer_key ${text}   NOT NULL,
    nonce        ${text}   NOT NULL,
    seen_at      BIGINT NOT NULL,
    PRIMARY KEY (consumer_key, nonce)
);

CREATE INDEX oauth_nonce_by_time ON oauth_nonce (seen_at);
