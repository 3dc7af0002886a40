-- 002: checkpoints of projections, each saved in one transaction with the log position it reflects.

CREATE TABLE projection_checkpoints (
    name     TEXT    PRIMARY KEY,
    version  INTEGER NOT NULL,
    position BIGINT  NOT NULL,
    state    BYTEA   NOT NULL,
    saved_at TEXT    NOT NULL
);
