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
