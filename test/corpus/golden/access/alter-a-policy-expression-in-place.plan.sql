-- golden plan: alter a policy expression in place
-- corpus: test/corpus/cases/access.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. alter policy own_rows on public.t
--    lock: ACCESS EXCLUSIVE on public.t
ALTER POLICY own_rows ON public.t USING (((author = CURRENT_USER) OR (tenant = 0)));
