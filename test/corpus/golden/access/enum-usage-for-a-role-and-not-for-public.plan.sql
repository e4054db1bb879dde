-- golden plan: enum usage for a role and not for PUBLIC
-- corpus: test/corpus/cases/access.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. revoke usage on type public.mood from PUBLIC
--    lock: none
REVOKE USAGE ON TYPE public.mood FROM PUBLIC;

-- 2. grant usage on type public.mood to acl_corpus_app
--    lock: none
GRANT USAGE ON TYPE public.mood TO acl_corpus_app;
