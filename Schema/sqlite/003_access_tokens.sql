-- 003: bearer tokens of the HTTP API. Only the SHA-256 of each secret is stored, never the secret.
-- A row is never removed (revocations are kept for audit); revoking sets revoked_at, once.

CREATE TABLE access_tokens (
    id         TEXT PRIMARY KEY,                -- the first 12 hex digits of the hash
    hash       BLOB NOT NULL UNIQUE,            -- SHA-256 of the secret
    role       TEXT NOT NULL,
    agencies   TEXT NOT NULL,                   -- sorted codes joined by ',' (codes never contain one); '' for none
    created_at TEXT NOT NULL,                   -- RFC 3339, as written by the issuer
    revoked_at TEXT,                            -- RFC 3339; NULL while the token is valid
    CHECK (length(hash) = 32 AND role IN ('center', 'auditor', 'monitor', 'admin'))
) STRICT;

CREATE TRIGGER access_tokens_no_delete BEFORE DELETE ON access_tokens
BEGIN
    SELECT RAISE(ABORT, 'access tokens are kept: DELETE refused');
END;

-- The one change allowed: revoked_at from NULL to a time, every other column unchanged.
CREATE TRIGGER access_tokens_revoke_only BEFORE UPDATE ON access_tokens
WHEN OLD.revoked_at IS NOT NULL OR NEW.revoked_at IS NULL
    OR NEW.id IS NOT OLD.id OR NEW.hash IS NOT OLD.hash OR NEW.role IS NOT OLD.role
    OR NEW.agencies IS NOT OLD.agencies OR NEW.created_at IS NOT OLD.created_at
BEGIN
    SELECT RAISE(ABORT, 'access tokens are kept: only revoking (setting revoked_at once) is allowed');
END;
