-- golden plan: a function recreated for a new result type gets its grants again
-- corpus: test/corpus/cases/access.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. drop function public.tenant_of(a text) to create it again (its result or argument names change)
--    lock: none
DROP FUNCTION public.tenant_of(a text);

-- 2. create function public.tenant_of(a text) again
--    lock: none
--    same transaction as the step before
CREATE FUNCTION public.tenant_of(a text)
  RETURNS bigint LANGUAGE sql STABLE
AS $body$select 1$body$;

-- 3. revoke execute on function public.tenant_of from PUBLIC
--    lock: none
REVOKE EXECUTE ON FUNCTION public.tenant_of(a text) FROM PUBLIC;

-- 4. grant execute on function public.tenant_of to acl_corpus_app
--    lock: none
GRANT EXECUTE ON FUNCTION public.tenant_of(a text) TO acl_corpus_app;
