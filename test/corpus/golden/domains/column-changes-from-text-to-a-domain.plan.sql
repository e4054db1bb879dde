-- golden plan: column changes from text to a domain
-- corpus: test/corpus/cases/domains.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. change type of public.t.q from integer to public.positive
--    lock: ACCESS EXCLUSIVE on public.t
--    hazard rewritesTable: rewrites the whole table and its indexes
--    hazard blocksReads: holds ACCESS EXCLUSIVE while it rewrites the table: reads wait
--    hazard blocksWrites: holds ACCESS EXCLUSIVE while it rewrites the table: writes wait
--    hazard mayFailOnExistingData: fails if a value does not convert from integer to public.positive
ALTER TABLE public.t ALTER COLUMN q TYPE public.positive USING q::public.positive;
