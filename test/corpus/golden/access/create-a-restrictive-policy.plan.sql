-- golden plan: create a restrictive policy
-- corpus: test/corpus/cases/access.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. create policy tenant_only on public.t
--    lock: ACCESS EXCLUSIVE on public.t
CREATE POLICY tenant_only ON public.t AS RESTRICTIVE FOR ALL TO PUBLIC USING ((tenant = 1));
