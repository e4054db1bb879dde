-- golden plan: rename a unique constraint
-- corpus: test/corpus/cases/constraints.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. rename constraint a of public.t to b
--    lock: ACCESS EXCLUSIVE on public.t
ALTER TABLE public.t RENAME CONSTRAINT a TO b;
