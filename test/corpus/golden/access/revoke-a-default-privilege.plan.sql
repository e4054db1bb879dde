-- golden plan: revoke a default privilege
-- corpus: test/corpus/cases/access.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. stop granting insert on new tables acl_corpus_owner creates in app to acl_corpus_app
--    lock: none
ALTER DEFAULT PRIVILEGES FOR ROLE acl_corpus_owner IN SCHEMA app REVOKE INSERT ON TABLES FROM acl_corpus_app;

-- 2. stop granting select on new tables acl_corpus_owner creates in app to acl_corpus_ro
--    lock: none
ALTER DEFAULT PRIVILEGES FOR ROLE acl_corpus_owner IN SCHEMA app REVOKE SELECT ON TABLES FROM acl_corpus_ro;
