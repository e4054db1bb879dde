-- golden plan: change a policy's command
-- corpus: test/corpus/cases/access.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. drop policy own_rows on public.t to create it again (its command or kind changed)
--    lock: ACCESS EXCLUSIVE on public.t
DROP POLICY own_rows ON public.t;

-- 2. create policy own_rows on public.t
--    lock: ACCESS EXCLUSIVE on public.t
--    same transaction as the step before
CREATE POLICY own_rows ON public.t AS PERMISSIVE FOR ALL TO acl_corpus_app USING ((author = CURRENT_USER));
