-- golden plan: default privileges on new tables
-- corpus: test/corpus/cases/access.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. grant select on new tables acl_corpus_owner creates in app to acl_corpus_ro
--    lock: none
ALTER DEFAULT PRIVILEGES FOR ROLE acl_corpus_owner IN SCHEMA app GRANT SELECT ON TABLES TO acl_corpus_ro;
