// Generated from Schema/postgres/*.sql: the binary carries its schema. Do not edit by hand;
// `MOTCUA_REGENERATE_SCHEMA=1 swift test --filter SchemaTests` rewrites this file, and the
// schema tests prove it equal to the files.

extension PostgresSchema {
    /// The numbered migrations of `Schema/postgres/`, in order.
    static let migrations: [(name: String, sql: String)] = [
        (
            "001_events",
            #"""
            -- 001: the append-only, hash-chained event log (docs/hash-chain.md), as on SQLite.

            CREATE TABLE events (
                position    BIGINT  PRIMARY KEY,            -- gapless, from 1
                id          UUID    NOT NULL UNIQUE,        -- the sender's event id
                stream      TEXT    NOT NULL,               -- kind/code
                version     INTEGER NOT NULL,               -- from 1 within the stream
                type        TEXT    NOT NULL,
                occurred_at BIGINT  NOT NULL,               -- occurredAt in nanoseconds since the epoch (queries only)
                recorded_at TEXT    NOT NULL,               -- as in the record: RFC 3339 UTC, microseconds
                event       BYTEA   NOT NULL,               -- the exact canonical event bytes that are hashed
                hash        BYTEA   NOT NULL,               -- SHA-256(previous hash || record)
                UNIQUE (stream, version),
                CHECK (position > 0 AND version > 0 AND length(hash) = 32)
            );

            CREATE INDEX events_occurred_at ON events (occurred_at);
            CREATE INDEX events_recorded_at ON events (recorded_at);

            -- Append-only in the database too.
            CREATE FUNCTION motcua_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION 'events are append-only: % refused', TG_OP USING ERRCODE = 'restrict_violation';
            END;
            $$;

            CREATE TRIGGER events_no_update BEFORE UPDATE OR DELETE ON events
                FOR EACH ROW EXECUTE FUNCTION motcua_refuse_change();

            CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON events
                FOR EACH STATEMENT EXECUTE FUNCTION motcua_refuse_change();

            -- The one-row head of the log: every commit locks it (SELECT … FOR UPDATE), so positions are assigned
            -- and become visible in order, one commit at a time.
            CREATE TABLE log_head (
                one      BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (one),
                position BIGINT  NOT NULL,
                hash     BYTEA   NOT NULL
            );

            INSERT INTO log_head (one, position, hash) VALUES (TRUE, 0, '\x0000000000000000000000000000000000000000000000000000000000000000');

            -- The rules' state of each stream after its last event (derived; rebuildable from events).
            CREATE TABLE stream_heads (
                stream  TEXT    PRIMARY KEY,
                version INTEGER NOT NULL,
                state   BYTEA   NOT NULL
            );

            CREATE TABLE store_meta (
                key   TEXT PRIMARY KEY,
                value TEXT NOT NULL
            );

            INSERT INTO store_meta (key, value) VALUES ('format', 'motcua-log-1');
            """#
        ),
        (
            "002_projection_checkpoints",
            #"""
            -- 002: checkpoints of projections, each saved in one transaction with the log position it reflects.

            CREATE TABLE projection_checkpoints (
                name     TEXT    PRIMARY KEY,
                version  INTEGER NOT NULL,
                position BIGINT  NOT NULL,
                state    BYTEA   NOT NULL,
                saved_at TEXT    NOT NULL
            );
            """#
        ),
        (
            "003_application_role",
            #"""
            -- 003: a role for the application that may only read and append (docs/postgres.md). It cannot log
            -- in until an administrator gives it a password or grants it to a login role:
            --   ALTER ROLE motcua_app LOGIN PASSWORD '…';   or   GRANT motcua_app TO some_login;
            -- Roles belong to the whole cluster: another database of the same server may be creating it at the same
            -- moment (advisory locks are per database), so both "exists" errors mean "already there".
            DO $$
            BEGIN
                CREATE ROLE motcua_app NOLOGIN;
            EXCEPTION
                WHEN duplicate_object OR unique_violation THEN NULL;
            END;
            $$;

            GRANT SELECT, INSERT ON events TO motcua_app;
            GRANT SELECT, UPDATE ON log_head TO motcua_app;
            GRANT SELECT, INSERT, UPDATE ON stream_heads, projection_checkpoints TO motcua_app;
            GRANT SELECT ON store_meta TO motcua_app;
            """#
        ),
        (
            "004_access_tokens",
            #"""
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
            """#
        ),
        (
            "005_drop_time_indexes",
            #"""
            -- 005: no query reads events by occurred_at or recorded_at (reports fold the log in position order, and
            -- recorded_at never decreases with position, so a known-at cut is a prefix of the log). The two indexes
            -- only slowed every append; the columns stay.

            DROP INDEX events_occurred_at;
            DROP INDEX events_recorded_at;
            """#
        ),
        (
            "006_merkle_tree",
            #"""
            -- 006: the Merkle tree over the log (RFC 9162 §2.1; docs/hash-chain.md) and the signed checkpoints of
            -- it, as on SQLite.

            CREATE TABLE merkle_nodes (
                level SMALLINT NOT NULL,                    -- the subtree covers 2^level leaves (4 and above)
                idx   BIGINT   NOT NULL,                    -- its leaves are idx·2^level … (idx+1)·2^level − 1 (0-based)
                hash  BYTEA    NOT NULL,
                PRIMARY KEY (level, idx),
                CHECK (level >= 4 AND level < 64 AND idx >= 0 AND length(hash) = 32)
            );

            CREATE TRIGGER merkle_nodes_no_update BEFORE UPDATE OR DELETE ON merkle_nodes
                FOR EACH ROW EXECUTE FUNCTION motcua_refuse_change();

            CREATE TRIGGER merkle_nodes_no_truncate BEFORE TRUNCATE ON merkle_nodes
                FOR EACH STATEMENT EXECUTE FUNCTION motcua_refuse_change();

            CREATE TABLE signed_checkpoints (
                seq       BIGSERIAL PRIMARY KEY,            -- in signing order
                size      BIGINT    NOT NULL,
                root      BYTEA     NOT NULL,
                note      TEXT      NOT NULL,               -- the signed note, exactly as served
                signed_at TEXT      NOT NULL,               -- RFC 3339 UTC
                CHECK (size >= 0 AND length(root) = 32)
            );

            CREATE TRIGGER signed_checkpoints_no_update BEFORE UPDATE OR DELETE ON signed_checkpoints
                FOR EACH ROW EXECUTE FUNCTION motcua_refuse_change();

            CREATE TRIGGER signed_checkpoints_no_truncate BEFORE TRUNCATE ON signed_checkpoints
                FOR EACH STATEMENT EXECUTE FUNCTION motcua_refuse_change();

            GRANT SELECT, INSERT ON merkle_nodes, signed_checkpoints TO motcua_app;
            GRANT USAGE ON SEQUENCE signed_checkpoints_seq_seq TO motcua_app;
            """#
        ),
        (
            "007_token_expiry_and_use",
            #"""
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
            """#
        ),
    ]
}
