-- golden plan: change a table's owner
-- corpus: test/corpus/cases/access.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. make acl_corpus_owner the owner of table public.t
--    lock: ACCESS EXCLUSIVE on public.t
ALTER TABLE public.t OWNER TO acl_corpus_owner;
