-- golden plan: force row-level security
-- corpus: test/corpus/cases/access.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. force row-level security on public.t for its owner
--    lock: ACCESS EXCLUSIVE on public.t
ALTER TABLE public.t FORCE ROW LEVEL SECURITY;
