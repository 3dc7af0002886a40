-- 002: checkpoints of projections, each saved in one transaction with the log position it reflects.

CREATE TABLE projection_checkpoints (
    name     TEXT    PRIMARY KEY,               -- e.g. kpi
    version  INTEGER NOT NULL,                  -- the projection's version; another version is rebuilt
    position INTEGER NOT NULL,                  -- the last log position folded into the state
    state    BLOB    NOT NULL,                  -- the projection's own encoding
    saved_at TEXT    NOT NULL                   -- RFC 3339 UTC
) STRICT, WITHOUT ROWID;
