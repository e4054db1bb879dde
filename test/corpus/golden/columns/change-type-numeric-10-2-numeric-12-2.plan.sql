-- golden plan: change type numeric(10,2) -> numeric(12,2)
-- corpus: test/corpus/cases/columns.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. change type of public.t.v from numeric(10,2) to numeric(12,2)
--    lock: ACCESS EXCLUSIVE on public.t
ALTER TABLE public.t ALTER COLUMN v TYPE numeric(12,2) USING v::numeric(12,2);
