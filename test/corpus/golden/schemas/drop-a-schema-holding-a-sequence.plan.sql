-- golden plan: drop a schema holding a sequence
-- corpus: test/corpus/cases/schemas.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts
-- destructive: refused without allowDataLoss

-- 1. drop sequence app.s
--    lock: ACCESS EXCLUSIVE on app.s
--    hazard deletesData: drops sequence app.s and its current value
--    hazard notReversible: a sequence created again starts over
DROP SEQUENCE IF EXISTS app.s;

-- 2. drop schema app
--    lock: none
--    hazard deletesData: drops schema app, which holds sequence s
DROP SCHEMA app;
