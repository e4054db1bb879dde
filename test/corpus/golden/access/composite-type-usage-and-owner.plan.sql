-- golden plan: composite type usage and owner
-- corpus: test/corpus/cases/access.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. grant usage on type public.pair to acl_corpus_ro
--    lock: none
GRANT USAGE ON TYPE public.pair TO acl_corpus_ro;

-- 2. make acl_corpus_owner the owner of type public.pair
--    lock: none
ALTER TYPE public.pair OWNER TO acl_corpus_owner;
