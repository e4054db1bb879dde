-- golden plan: remove an extension's comment: it gets its own back
-- corpus: test/corpus/cases/extensions.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. give extension citext its own comment back
--    lock: none
DO 'BEGIN EXECUTE pg_catalog.format(''COMMENT ON EXTENSION %I IS %L'', ''citext'', (SELECT comment FROM pg_catalog.pg_available_extensions WHERE name = ''citext'')); END';
