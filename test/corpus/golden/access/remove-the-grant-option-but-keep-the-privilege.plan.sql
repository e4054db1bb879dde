-- golden plan: remove the grant option but keep the privilege
-- corpus: test/corpus/cases/access.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. revoke the grant option for select on table public.t from acl_corpus_app
--    lock: none
REVOKE GRANT OPTION FOR SELECT ON TABLE public.t FROM acl_corpus_app;
