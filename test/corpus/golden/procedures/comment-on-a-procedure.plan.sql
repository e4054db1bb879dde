-- golden plan: comment on a procedure
-- corpus: test/corpus/cases/procedures.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. set comment of procedure public.bump(IN by integer)
--    lock: none
COMMENT ON PROCEDURE public.bump(IN by integer) IS 'adds to every v';
