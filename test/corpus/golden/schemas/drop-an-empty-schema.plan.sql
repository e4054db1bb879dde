-- golden plan: drop an empty schema
-- corpus: test/corpus/cases/schemas.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. drop schema app
--    lock: none
DROP SCHEMA app;
