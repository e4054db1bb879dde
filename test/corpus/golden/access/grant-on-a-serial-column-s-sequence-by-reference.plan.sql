-- golden plan: grant on a serial column's sequence by reference
-- corpus: test/corpus/cases/access.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. grant usage on sequence public.t_n_seq to acl_corpus_app
--    lock: none
GRANT USAGE ON SEQUENCE public.t_n_seq TO acl_corpus_app;
