-- golden plan: add NOT NULL uuid column with default
-- corpus: test/corpus/cases/columns.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. add column c to public.t
--    lock: ACCESS EXCLUSIVE on public.t
--    hazard rewritesTable: fills every existing row, rewriting the table
--    hazard blocksReads: holds ACCESS EXCLUSIVE while it rewrites the table: reads wait
--    hazard blocksWrites: holds ACCESS EXCLUSIVE while it rewrites the table: writes wait
ALTER TABLE public.t ADD COLUMN c uuid DEFAULT gen_random_uuid() NOT NULL;
