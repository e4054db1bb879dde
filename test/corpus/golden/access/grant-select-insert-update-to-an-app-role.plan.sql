-- golden plan: grant select insert update to an app role
-- corpus: test/corpus/cases/access.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. grant select, insert, update on table public.t to acl_corpus_app
--    lock: none
GRANT SELECT, INSERT, UPDATE ON TABLE public.t TO acl_corpus_app;

-- 2. grant select on table public.t to acl_corpus_ro
--    lock: none
GRANT SELECT ON TABLE public.t TO acl_corpus_ro;
