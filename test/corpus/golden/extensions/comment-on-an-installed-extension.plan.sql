-- golden plan: comment on an installed extension
-- corpus: test/corpus/cases/extensions.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. set comment of extension citext
--    lock: none
COMMENT ON EXTENSION citext IS 'emails compare without case';
