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
