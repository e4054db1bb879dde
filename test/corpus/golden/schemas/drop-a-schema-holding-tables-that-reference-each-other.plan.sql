-- golden plan: drop a schema holding tables that reference each other
-- corpus: test/corpus/cases/schemas.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts
-- destructive: refused without allowDataLoss

-- 1. drop table app.child
--    lock: ACCESS EXCLUSIVE on app.child
--    hazard deletesData: drops table app.child and all its rows
--    hazard notReversible: the rows are gone
DROP TABLE app.child;

-- 2. drop table app.parent
--    lock: ACCESS EXCLUSIVE on app.parent
--    hazard deletesData: drops table app.parent and all its rows
--    hazard notReversible: the rows are gone
DROP TABLE app.parent;

-- 3. drop schema app
--    lock: none
--    hazard deletesData: drops schema app, which holds table child, table parent
DROP SCHEMA app;
