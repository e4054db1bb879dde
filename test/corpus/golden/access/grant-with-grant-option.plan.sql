-- golden plan: grant with grant option
-- corpus: test/corpus/cases/access.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. grant select with grant option on table public.t to acl_corpus_app
--    lock: none
GRANT SELECT ON TABLE public.t TO acl_corpus_app WITH GRANT OPTION;
