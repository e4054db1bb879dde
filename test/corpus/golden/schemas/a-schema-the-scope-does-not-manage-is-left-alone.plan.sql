-- golden plan: a schema the scope does not manage is left alone
-- corpus: test/corpus/cases/schemas.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts
-- no changes


