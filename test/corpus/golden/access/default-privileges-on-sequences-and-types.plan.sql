-- golden plan: default privileges on sequences and types
-- corpus: test/corpus/cases/access.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. grant usage, select on new sequences acl_corpus_owner creates in app to acl_corpus_app
--    lock: none
ALTER DEFAULT PRIVILEGES FOR ROLE acl_corpus_owner IN SCHEMA app GRANT USAGE, SELECT ON SEQUENCES TO acl_corpus_app;

-- 2. grant usage on new types acl_corpus_owner creates in app to acl_corpus_app
--    lock: none
ALTER DEFAULT PRIVILEGES FOR ROLE acl_corpus_owner IN SCHEMA app GRANT USAGE ON TYPES TO acl_corpus_app;
