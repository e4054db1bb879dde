-- golden plan: change an enum's owner
-- corpus: test/corpus/cases/access.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. make acl_corpus_owner the owner of type public.mood
--    lock: none
ALTER TYPE public.mood OWNER TO acl_corpus_owner;
