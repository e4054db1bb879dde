-- golden plan: add an index to a materialized view
-- corpus: test/corpus/cases/materialized-views.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. create index totals_customer on materialized view public.totals concurrently
--    lock: SHARE UPDATE EXCLUSIVE on public.totals
--    outside a transaction
--    hazard indexBuild: builds an index: time and I/O grow with the table
--    hazard mayFailOnExistingData: fails if rows have duplicate keys
CREATE UNIQUE INDEX CONCURRENTLY totals_customer ON public.totals USING btree (customer);
