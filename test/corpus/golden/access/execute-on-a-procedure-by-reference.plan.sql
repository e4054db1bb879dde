-- golden plan: execute on a procedure by reference
-- corpus: test/corpus/cases/access.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. grant execute on procedure public.archive to acl_corpus_app
--    lock: none
GRANT EXECUTE ON PROCEDURE public.archive() TO acl_corpus_app;
