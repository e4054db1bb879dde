-- golden plan: enable row-level security
-- corpus: test/corpus/cases/access.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. enable row-level security on public.t
--    lock: ACCESS EXCLUSIVE on public.t
--    hazard blocksReads: from now on roles other than the owner see and change only the rows a policy allows (none without one)
ALTER TABLE public.t ENABLE ROW LEVEL SECURITY;
