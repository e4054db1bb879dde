-- golden plan: revoke select on a view from a role
-- corpus: test/corpus/cases/access.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. revoke select on view public.own_notes from acl_corpus_ro
--    lock: none
REVOKE SELECT ON TABLE public.own_notes FROM acl_corpus_ro;
