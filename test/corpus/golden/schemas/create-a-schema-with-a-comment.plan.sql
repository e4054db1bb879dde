-- golden plan: create a schema with a comment
-- corpus: test/corpus/cases/schemas.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. create schema app
--    lock: none
CREATE SCHEMA IF NOT EXISTS app;

-- 2. set comment of schema app
--    lock: none
COMMENT ON SCHEMA app IS 'the application''s own tables';
