-- golden plan: column grants
-- corpus: test/corpus/cases/access.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. grant select on column public.t.body to acl_corpus_ro
--    lock: none
GRANT SELECT (body) ON TABLE public.t TO acl_corpus_ro;

-- 2. grant select, update on column public.t.author to acl_corpus_app
--    lock: none
GRANT SELECT (author), UPDATE (author) ON TABLE public.t TO acl_corpus_app;
