-- golden plan: change a schema's comment
-- corpus: test/corpus/cases/schemas.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. set comment of schema app
--    lock: none
COMMENT ON SCHEMA app IS 'it''s new';
