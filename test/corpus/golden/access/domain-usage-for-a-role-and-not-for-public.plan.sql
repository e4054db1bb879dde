-- golden plan: domain usage for a role and not for PUBLIC
-- corpus: test/corpus/cases/access.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. revoke usage on domain public.positive from PUBLIC
--    lock: none
REVOKE USAGE ON DOMAIN public.positive FROM PUBLIC;

-- 2. grant usage on domain public.positive to acl_corpus_app
--    lock: none
GRANT USAGE ON DOMAIN public.positive TO acl_corpus_app;
