-- golden plan: create a select policy
-- corpus: test/corpus/cases/access.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. create policy own_rows on public.t
--    lock: ACCESS EXCLUSIVE on public.t
CREATE POLICY own_rows ON public.t AS PERMISSIVE FOR SELECT TO acl_corpus_app USING ((author = CURRENT_USER));
