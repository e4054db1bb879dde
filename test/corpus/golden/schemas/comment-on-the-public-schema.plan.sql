-- golden plan: comment on the public schema
-- corpus: test/corpus/cases/schemas.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. set comment of schema public
--    lock: none
COMMENT ON SCHEMA public IS 'shared tables';
