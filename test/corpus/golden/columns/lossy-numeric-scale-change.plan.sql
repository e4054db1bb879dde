-- golden plan: lossy numeric scale change
-- corpus: test/corpus/cases/columns.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts
-- destructive: refused without allowDataLoss

-- 1. change type of public.t.v from numeric(10,4) to numeric(10,2)
--    lock: ACCESS EXCLUSIVE on public.t
--    hazard rewritesTable: rewrites the whole table and its indexes
--    hazard blocksReads: holds ACCESS EXCLUSIVE while it rewrites the table: reads wait
--    hazard blocksWrites: holds ACCESS EXCLUSIVE while it rewrites the table: writes wait
--    hazard mayFailOnExistingData: fails if a value does not convert from numeric(10,4) to numeric(10,2)
--    hazard deletesData: converting numeric(10,4) to numeric(10,2) loses precision or information
ALTER TABLE public.t ALTER COLUMN v TYPE numeric(10,2) USING v::numeric(10,2);
