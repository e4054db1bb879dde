-- golden plan: drop a procedure
-- corpus: test/corpus/cases/procedures.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. drop procedure public.bump(IN by integer)
--    lock: none
DROP PROCEDURE public.bump(IN by integer);
