-- golden plan: a sequence no longer owned by a column
-- corpus: test/corpus/cases/sequences.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. make sequence public.t_ids owned by no column
--    lock: none
ALTER SEQUENCE public.t_ids OWNED BY NONE;
