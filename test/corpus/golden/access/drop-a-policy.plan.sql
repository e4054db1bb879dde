-- golden plan: drop a policy
-- corpus: test/corpus/cases/access.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. drop policy tenant_only on public.t
--    lock: ACCESS EXCLUSIVE on public.t
DROP POLICY tenant_only ON public.t;
