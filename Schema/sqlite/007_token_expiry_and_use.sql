-- 007: tokens that offices can manage: an expiry and a label, both set when a token is created, and when
-- each token was last used. Tokens made before this migration keep no expiry and no label.
--
-- expires_at and label belong to the token's record and, like its scope, never change: the trigger that
-- allows only revocation is made again to cover them. The last use does not belong to the record: it
-- moves forward all the time, so it lives in a table of its own that servers upsert (at most once a
-- minute per token, off the request path). A row of access_tokens thus still changes once at most, to be
-- revoked, and its audit trail stays as strict as before; losing or rewriting a last use changes nobody's
-- rights. (A trigger letting only a last_used_at column move forward would have put a frequent write on
-- the record itself, and on PostgreSQL would have needed UPDATE on access_tokens for the application.)

-- expires_at: RFC 3339, NULL for never. label: whom the token was made for, e.g. 'Một cửa phường Phúc Xá'
-- (1 to 100 characters, no control characters: the store checks those before inserting).
ALTER TABLE access_tokens ADD COLUMN expires_at TEXT;
ALTER TABLE access_tokens ADD COLUMN label TEXT CHECK (label IS NULL OR length(label) BETWEEN 1 AND 100);

DROP TRIGGER access_tokens_revoke_only;

-- The one change allowed: revoked_at from NULL to a time, every other column unchanged.
CREATE TRIGGER access_tokens_revoke_only BEFORE UPDATE ON access_tokens
WHEN OLD.revoked_at IS NOT NULL OR NEW.revoked_at IS NULL
    OR NEW.id IS NOT OLD.id OR NEW.hash IS NOT OLD.hash OR NEW.role IS NOT OLD.role
    OR NEW.agencies IS NOT OLD.agencies OR NEW.created_at IS NOT OLD.created_at
    OR NEW.expires_at IS NOT OLD.expires_at OR NEW.label IS NOT OLD.label
BEGIN
    SELECT RAISE(ABORT, 'access tokens are kept: only revoking (setting revoked_at once) is allowed');
END;

-- When each token was last accepted by a server; no row while it was never used.
CREATE TABLE access_token_uses (
    token_id     TEXT PRIMARY KEY REFERENCES access_tokens (id),
    last_used_at TEXT NOT NULL                  -- RFC 3339 UTC, six fraction digits: text order is time order
) STRICT, WITHOUT ROWID;
