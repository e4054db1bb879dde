-- golden plan: schema usage for a role
-- corpus: test/corpus/cases/access.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. grant usage on schema app to acl_corpus_app
--    lock: none
GRANT USAGE ON SCHEMA app TO acl_corpus_app;

-- 2. grant usage on schema app to acl_corpus_ro
--    lock: none
GRANT USAGE ON SCHEMA app TO acl_corpus_ro;
