-- golden plan: create an extension with a comment of our own
-- corpus: test/corpus/cases/extensions.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. create extension citext in schema public
--    lock: none
CREATE EXTENSION IF NOT EXISTS citext WITH SCHEMA public VERSION '1.6';

-- 2. set comment of extension citext
--    lock: none
COMMENT ON EXTENSION citext IS 'emails compare without case';
