// Generated from Schema/sqlite/*.sql: the binary carries its schema. Do not edit by hand;
// `MOTCUA_REGENERATE_SCHEMA=1 swift test --filter SchemaTests` rewrites this file, and the
// schema tests prove it equal to the files.

extension SQLiteSchema {
    /// The numbered migrations of `Schema/sqlite/`, in order.
    static let migrations: [(name: String, sql: String)] = [
        (
            "001_events",
            #"""
            -- 001: the append-only, hash-chained event log (docs/hash-chain.md).

            -- One row per event. `event` holds the canonical event bytes; the hashed record is rebuilt from
            -- position, stream, version, recorded_at and event, so every column the chain covers is checked.
            CREATE TABLE events (
                position    INTEGER PRIMARY KEY,            -- gapless, from 1
                id          BLOB    NOT NULL UNIQUE,        -- the 16 bytes of the sender's UUID
                stream      TEXT    NOT NULL,               -- kind/code
                version     INTEGER NOT NULL,               -- from 1 within the stream
                type        TEXT    NOT NULL,
                occurred_at INTEGER NOT NULL,               -- occurredAt in nanoseconds since the epoch (queries only)
                recorded_at TEXT    NOT NULL,               -- as in the record: RFC 3339 UTC, microseconds
                event       BLOB    NOT NULL,               -- canonical event bytes
                hash        BLOB    NOT NULL,               -- SHA-256(previous hash || record)
                UNIQUE (stream, version),
                CHECK (position > 0 AND version > 0 AND length(id) = 16 AND length(hash) = 32)
            ) STRICT;

            CREATE INDEX events_occurred_at ON events (occurred_at);
            CREATE INDEX events_recorded_at ON events (recorded_at);

            -- Append-only in the database too: a row, once written, is never changed or removed.
            CREATE TRIGGER events_no_update BEFORE UPDATE ON events
            BEGIN
                SELECT RAISE(ABORT, 'events are append-only: UPDATE refused');
            END;

            CREATE TRIGGER events_no_delete BEFORE DELETE ON events
            BEGIN
                SELECT RAISE(ABORT, 'events are append-only: DELETE refused');
            END;

            -- The rules' state of each stream after its last event, so that validating an append reads only the
            -- streams it touches. Derived data: it can be rebuilt from events at any time.
            CREATE TABLE stream_heads (
                stream  TEXT    PRIMARY KEY,
                version INTEGER NOT NULL,
                state   BLOB    NOT NULL                    -- the domain's StreamHead (StreamHeadCodec)
            ) STRICT, WITHOUT ROWID;

            -- Facts about the store itself (format version, creation time).
            CREATE TABLE store_meta (
                key   TEXT PRIMARY KEY,
                value TEXT NOT NULL
            ) STRICT, WITHOUT ROWID;

            INSERT INTO store_meta (key, value) VALUES ('format', 'motcua-log-1');
            """#
        ),
        (
            "002_projection_checkpoints",
            #"""
            -- 002: checkpoints of projections, each saved in one transaction with the log position it reflects.

            CREATE TABLE projection_checkpoints (
                name     TEXT    PRIMARY KEY,               -- e.g. kpi
                version  INTEGER NOT NULL,                  -- the projection's version; another version is rebuilt
                position INTEGER NOT NULL,                  -- the last log position folded into the state
                state    BLOB    NOT NULL,                  -- the projection's own encoding
                saved_at TEXT    NOT NULL                   -- RFC 3339 UTC
            ) STRICT, WITHOUT ROWID;
            """#
        ),
        (
            "003_access_tokens",
            #"""
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
            """#
        ),
        (
            "004_drop_time_indexes",
            #"""
            -- 004: no query reads events by occurred_at or recorded_at (reports fold the log in position order, and
            -- recorded_at never decreases with position, so a known-at cut is a prefix of the log). The two indexes
            -- only slowed every append; the columns stay.

            DROP INDEX events_occurred_at;
            DROP INDEX events_recorded_at;
            """#
        ),
        (
            "005_stream_keys",
            #"""
            -- 005: streams get integer keys, in the order of their first event, and one row each holding the rules'
            -- state after their last event (it replaces stream_heads). events.stream becomes that key, so the unique
            -- (stream, version) index holds small integers and a new stream's entries go at its end instead of at a
            -- random place among text keys: a commit of a few events then dirties few pages. The hash chain is
            -- unchanged: the record's stream is streams.name (docs/hash-chain.md).

            CREATE TABLE streams (
                key     INTEGER PRIMARY KEY,                -- from 1, in order of the stream's first event
                name    TEXT    NOT NULL UNIQUE,            -- kind/code
                version INTEGER NOT NULL,                   -- the stream's last version
                state   BLOB    NOT NULL                    -- the domain's StreamHead (StreamHeadCodec); derived data
            ) STRICT;

            -- Every stream of the log, even one whose derived state row is missing (it then reads as damaged, and
            -- no event is left behind).
            INSERT INTO streams (name, version, state)
            SELECT f.stream, coalesce(h.version, 0), coalesce(h.state, x'')
            FROM (SELECT stream, min(position) AS first FROM events GROUP BY stream) AS f
            LEFT JOIN stream_heads AS h ON h.stream = f.stream
            ORDER BY f.first;

            CREATE TABLE events_keyed (
                position    INTEGER PRIMARY KEY,            -- gapless, from 1
                id          BLOB    NOT NULL UNIQUE,        -- the 16 bytes of the sender's UUID
                stream      INTEGER NOT NULL,               -- streams.key
                version     INTEGER NOT NULL,               -- from 1 within the stream
                type        TEXT    NOT NULL,
                occurred_at INTEGER NOT NULL,               -- occurredAt in nanoseconds since the epoch
                recorded_at TEXT    NOT NULL,               -- as in the record: RFC 3339 UTC, microseconds
                event       BLOB    NOT NULL,               -- canonical event bytes
                hash        BLOB    NOT NULL,               -- SHA-256(previous hash || record)
                UNIQUE (stream, version),
                CHECK (position > 0 AND version > 0 AND length(id) = 16 AND length(hash) = 32)
            ) STRICT;

            INSERT INTO events_keyed (position, id, stream, version, type, occurred_at, recorded_at, event, hash)
            SELECT e.position, e.id, s.key, e.version, e.type, e.occurred_at, e.recorded_at, e.event, e.hash
            FROM events AS e JOIN streams AS s ON s.name = e.stream
            ORDER BY e.position;

            DROP TABLE events;
            DROP TABLE stream_heads;
            ALTER TABLE events_keyed RENAME TO events;

            -- Append-only in the database too: a row, once written, is never changed or removed.
            CREATE TRIGGER events_no_update BEFORE UPDATE ON events
            BEGIN
                SELECT RAISE(ABORT, 'events are append-only: UPDATE refused');
            END;

            CREATE TRIGGER events_no_delete BEFORE DELETE ON events
            BEGIN
                SELECT RAISE(ABORT, 'events are append-only: DELETE refused');
            END;

            -- A stream's key and name never change, and a stream is never removed.
            CREATE TRIGGER streams_no_rename BEFORE UPDATE OF key, name ON streams
            WHEN NEW.key IS NOT OLD.key OR NEW.name IS NOT OLD.name
            BEGIN
                SELECT RAISE(ABORT, 'streams keep their key and name: UPDATE refused');
            END;

            CREATE TRIGGER streams_no_delete BEFORE DELETE ON streams
            BEGIN
                SELECT RAISE(ABORT, 'streams are kept: DELETE refused');
            END;
            """#
        ),
        (
            "006_merkle_tree",
            #"""
            -- 006: the Merkle tree over the log (RFC 9162 §2.1; docs/hash-chain.md) and the signed checkpoints of it.

            -- The hash of every complete subtree of 2^level leaves (level 4 and above: one row for every 8 events),
            -- written in the transaction that appends the event completing it. Lower subtrees are computed from the
            -- events themselves. Append-only, like the events.
            CREATE TABLE merkle_nodes (
                level INTEGER NOT NULL,                     -- the subtree covers 2^level leaves
                idx   INTEGER NOT NULL,                     -- its leaves are idx·2^level … (idx+1)·2^level − 1 (0-based)
                hash  BLOB    NOT NULL,
                PRIMARY KEY (level, idx),
                CHECK (level >= 4 AND level < 64 AND idx >= 0 AND length(hash) = 32)
            ) STRICT, WITHOUT ROWID;

            CREATE TRIGGER merkle_nodes_no_update BEFORE UPDATE ON merkle_nodes
            BEGIN
                SELECT RAISE(ABORT, 'merkle_nodes are append-only: UPDATE refused');
            END;

            CREATE TRIGGER merkle_nodes_no_delete BEFORE DELETE ON merkle_nodes
            BEGIN
                SELECT RAISE(ABORT, 'merkle_nodes are append-only: DELETE refused');
            END;

            -- Every checkpoint signed for this log: a C2SP signed note naming a tree size and root. Append-only.
            CREATE TABLE signed_checkpoints (
                seq       INTEGER PRIMARY KEY,              -- 1, 2, 3, … in signing order
                size      INTEGER NOT NULL,                 -- the tree size signed
                root      BLOB    NOT NULL,                 -- its root hash
                note      TEXT    NOT NULL,                 -- the signed note, exactly as served
                signed_at TEXT    NOT NULL,                 -- RFC 3339 UTC
                CHECK (size >= 0 AND length(root) = 32)
            ) STRICT;

            CREATE TRIGGER signed_checkpoints_no_update BEFORE UPDATE ON signed_checkpoints
            BEGIN
                SELECT RAISE(ABORT, 'signed_checkpoints are append-only: UPDATE refused');
            END;

            CREATE TRIGGER signed_checkpoints_no_delete BEFORE DELETE ON signed_checkpoints
            BEGIN
                SELECT RAISE(ABORT, 'signed_checkpoints are append-only: DELETE refused');
            END;
            """#
        ),
        (
            "007_token_expiry_and_use",
            #"""
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
            """#
        ),
    ]
}
