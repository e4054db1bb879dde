-- golden plan: comment on a sequence
-- corpus: test/corpus/cases/sequences.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. set comment of sequence public.counter
--    lock: none
COMMENT ON SEQUENCE public.counter IS 'hands out order numbers';
