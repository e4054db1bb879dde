-- golden plan: change a function's and a procedure's owner
-- corpus: test/corpus/cases/access.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. make acl_corpus_owner the owner of function public.tenant_of
--    lock: none
ALTER FUNCTION public.tenant_of(a text) OWNER TO acl_corpus_owner;

-- 2. make acl_corpus_owner the owner of procedure public.archive
--    lock: none
ALTER PROCEDURE public.archive() OWNER TO acl_corpus_owner;
