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
