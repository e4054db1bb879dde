-- golden plan: text to integer with a declared USING
-- corpus: test/corpus/cases/data-moves.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. change type of public.t.code from text to integer using nullif(code, '')::integer (rewrites the table)
--    lock: ACCESS EXCLUSIVE on public.t
--    hazard rewritesTable: rewrites public.t and its indexes: USING nullif(code, '')::integer computes every row's value under ACCESS EXCLUSIVE (time grows with the table)
--    hazard blocksReads: holds ACCESS EXCLUSIVE while it rewrites the table: reads wait
--    hazard blocksWrites: holds ACCESS EXCLUSIVE while it rewrites the table: writes wait
--    hazard mayFailOnExistingData: fails if USING nullif(code, '')::integer fails for a row (tried on every row before any change)
ALTER TABLE public.t ALTER COLUMN code TYPE integer USING nullif(code, '')::integer;
