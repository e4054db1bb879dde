-- golden plan: revoke everything from an undeclared grantee
-- corpus: test/corpus/cases/access.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. revoke select, delete on table public.t from acl_corpus_app
--    lock: none
REVOKE SELECT, DELETE ON TABLE public.t FROM acl_corpus_app;
