-- golden plan: disable row-level security
-- corpus: test/corpus/cases/access.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. disable row-level security on public.t
--    lock: ACCESS EXCLUSIVE on public.t
--    hazard blocksWrites: holds ACCESS EXCLUSIVE briefly; from now on every role with table privileges sees all rows
ALTER TABLE public.t DISABLE ROW LEVEL SECURITY;
