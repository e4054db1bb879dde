-- golden plan: execute on a function for a role, not PUBLIC
-- corpus: test/corpus/cases/access.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. revoke execute on function public.tenant_of from PUBLIC
--    lock: none
REVOKE EXECUTE ON FUNCTION public.tenant_of(a text) FROM PUBLIC;

-- 2. grant execute on function public.tenant_of to acl_corpus_app
--    lock: none
GRANT EXECUTE ON FUNCTION public.tenant_of(a text) TO acl_corpus_app;
