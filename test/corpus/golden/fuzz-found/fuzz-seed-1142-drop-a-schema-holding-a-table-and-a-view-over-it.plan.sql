-- golden plan: fuzz seed 1142: drop a schema holding a table and a view over it
-- corpus: test/corpus/cases/fuzz-found.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts
-- destructive: refused without allowDataLoss

-- 1. drop view reports.big_days
--    lock: ACCESS EXCLUSIVE on reports.big_days
--    hazard notReversible: queries that use view reports.big_days fail once it is gone
DROP VIEW reports.big_days;

-- 2. drop table reports.daily
--    lock: ACCESS EXCLUSIVE on reports.daily
--    hazard deletesData: drops table reports.daily and all its rows
--    hazard notReversible: the rows are gone
DROP TABLE reports.daily;

-- 3. drop schema reports
--    lock: none
--    hazard deletesData: drops schema reports, which holds table daily
DROP SCHEMA reports;
