-- 007: tokens that offices can manage, as on SQLite: an expiry and a label, both set when a token is
-- created, and when each token was last used. Tokens made before this migration keep no expiry and no label.
--
-- expires_at and label belong to the token's record and, like its scope, never change: the trigger function
-- that allows only revocation is replaced by one that covers them. The last use does not belong to the
-- record: it moves forward all the time, so it lives in a table of its own that servers upsert (at most once
-- a minute per token, off the request path). A row of access_tokens thus still changes once at most, to be
-- revoked, and the application role still only reads tokens: it may write last uses, which grant nothing.

-- expires_at: RFC 3339, NULL for never. label: whom the token was made for, e.g. 'Một cửa phường Phúc Xá'
-- (1 to 100 characters, no control characters: the store checks those before inserting).
ALTER TABLE access_tokens
    ADD COLUMN expires_at TEXT,
    ADD COLUMN label TEXT CHECK (label IS NULL OR length(label) BETWEEN 1 AND 100);

-- The one change allowed: revoked_at from NULL to a time, every other column unchanged.
CREATE OR REPLACE FUNCTION motcua_access_tokens_revoke_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        IF OLD.revoked_at IS NULL AND NEW.revoked_at IS NOT NULL
            AND (NEW.id, NEW.hash, NEW.role, NEW.agencies, NEW.created_at, NEW.expires_at, NEW.label)
                IS NOT DISTINCT FROM
                (OLD.id, OLD.hash, OLD.role, OLD.agencies, OLD.created_at, OLD.expires_at, OLD.label) THEN
            RETURN NEW;
        END IF;
    END IF;
    RAISE EXCEPTION 'access tokens are kept: % refused (only setting revoked_at once is allowed)', TG_OP
        USING ERRCODE = 'restrict_violation';
END;
$$;

-- When each token was last accepted by a server; no row while it was never used.
CREATE TABLE access_token_uses (
    token_id     TEXT PRIMARY KEY REFERENCES access_tokens (id),
    last_used_at TEXT NOT NULL                  -- RFC 3339 UTC, six fraction digits: byte order is time order
);

GRANT SELECT, INSERT, UPDATE ON access_token_uses TO motcua_app;
