// Generated from Schema/postgres/*.sql: the binary carries its schema. Do not edit by hand;
// `MOTCUA_REGENERATE_SCHEMA=1 swift test --filter SchemaTests` rewrites this file, and the
// schema tests prove it equal to the files.

/// The numbered migrations of `Schema/postgres/`, in order.
enum PostgresSchema {
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
    ]
}
