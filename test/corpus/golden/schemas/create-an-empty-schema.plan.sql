-- golden plan: create an empty schema
-- corpus: test/corpus/cases/schemas.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. create schema app
--    lock: none
CREATE SCHEMA IF NOT EXISTS app;
