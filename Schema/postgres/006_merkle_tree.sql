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
