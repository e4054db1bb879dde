-- golden plan: change a schema's owner
-- corpus: test/corpus/cases/access.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. make acl_corpus_owner the owner of schema app
--    lock: none
ALTER SCHEMA app OWNER TO acl_corpus_owner;
