-- golden plan: grant select on a view
-- corpus: test/corpus/cases/access.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. grant select on view public.own_notes to acl_corpus_ro
--    lock: none
GRANT SELECT ON TABLE public.own_notes TO acl_corpus_ro;
