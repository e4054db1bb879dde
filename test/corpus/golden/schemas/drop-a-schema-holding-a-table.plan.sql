-- golden plan: drop a schema holding a table
-- corpus: test/corpus/cases/schemas.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts
-- destructive: refused without allowDataLoss

-- 1. drop table app.t
--    lock: ACCESS EXCLUSIVE on app.t
--    hazard deletesData: drops table app.t and all its rows
--    hazard notReversible: the rows are gone
DROP TABLE app.t;

-- 2. drop schema app
--    lock: none
--    hazard deletesData: drops schema app, which holds table t
DROP SCHEMA app;
