-- 003: a role for the application that may only read and append (docs/postgres.md). It cannot log
-- in until an administrator gives it a password or grants it to a login role:
--   ALTER ROLE motcua_app LOGIN PASSWORD '…';   or   GRANT motcua_app TO some_login;
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'motcua_app') THEN
        CREATE ROLE motcua_app NOLOGIN;
    END IF;
END;
$$;

GRANT SELECT, INSERT ON events TO motcua_app;
GRANT SELECT, UPDATE ON log_head TO motcua_app;
GRANT SELECT, INSERT, UPDATE ON stream_heads, projection_checkpoints TO motcua_app;
GRANT SELECT ON store_meta TO motcua_app;
