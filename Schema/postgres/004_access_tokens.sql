-- 004: bearer tokens of the HTTP API, as on SQLite. Only the SHA-256 of each secret is stored, never the
-- secret. A row is never removed (revocations are kept for audit); revoking sets revoked_at, once.

CREATE TABLE access_tokens (
    id         TEXT  PRIMARY KEY,               -- the first 12 hex digits of the hash
    hash       BYTEA NOT NULL UNIQUE,           -- SHA-256 of the secret
    role       TEXT  NOT NULL,
    agencies   TEXT  NOT NULL,                  -- sorted codes joined by ',' (codes never contain one); '' for none
    created_at TEXT  NOT NULL,                  -- RFC 3339, as written by the issuer
    revoked_at TEXT,                            -- RFC 3339; NULL while the token is valid
    CHECK (length(hash) = 32 AND role IN ('center', 'auditor', 'monitor', 'admin'))
);

-- The one change allowed: revoked_at from NULL to a time, every other column unchanged.
CREATE FUNCTION motcua_access_tokens_revoke_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        IF OLD.revoked_at IS NULL AND NEW.revoked_at IS NOT NULL
            AND (NEW.id, NEW.hash, NEW.role, NEW.agencies, NEW.created_at)
                IS NOT DISTINCT FROM (OLD.id, OLD.hash, OLD.role, OLD.agencies, OLD.created_at) THEN
            RETURN NEW;
        END IF;
    END IF;
    RAISE EXCEPTION 'access tokens are kept: % refused (only setting revoked_at once is allowed)', TG_OP
        USING ERRCODE = 'restrict_violation';
END;
$$;

CREATE TRIGGER access_tokens_revoke_only BEFORE UPDATE OR DELETE ON access_tokens
    FOR EACH ROW EXECUTE FUNCTION motcua_access_tokens_revoke_only();

CREATE TRIGGER access_tokens_no_truncate BEFORE TRUNCATE ON access_tokens
    FOR EACH STATEMENT EXECUTE FUNCTION motcua_access_tokens_revoke_only();

-- The application only reads tokens; the CLI creates and revokes them with the owner role.
GRANT SELECT ON access_tokens TO motcua_app;
