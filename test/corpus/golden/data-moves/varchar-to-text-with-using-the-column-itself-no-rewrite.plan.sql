-- golden plan: varchar to text with USING the column itself (no rewrite)
-- corpus: test/corpus/cases/data-moves.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. change type of public.t.code from character varying(20) to text using code (no table rewrite)
--    lock: ACCESS EXCLUSIVE on public.t
ALTER TABLE public.t ALTER COLUMN code TYPE text USING code;
