-- golden plan: create an insert policy with check
-- corpus: test/corpus/cases/access.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. create policy insert_own on public.t
--    lock: ACCESS EXCLUSIVE on public.t
CREATE POLICY insert_own ON public.t AS PERMISSIVE FOR INSERT TO acl_corpus_app WITH CHECK (((tenant = 1) AND (author = CURRENT_USER)));
