-- golden plan: grants by object reference
-- corpus: test/corpus/cases/access.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. grant select on table public.t to acl_corpus_ro
--    lock: none
GRANT SELECT ON TABLE public.t TO acl_corpus_ro;
