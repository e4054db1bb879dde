-- golden plan: grant usage on a sequence
-- corpus: test/corpus/cases/access.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. grant usage, select on sequence public.ticket to acl_corpus_app
--    lock: none
GRANT USAGE, SELECT ON SEQUENCE public.ticket TO acl_corpus_app;
