-- golden plan: drop identity
-- corpus: test/corpus/cases/columns.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. drop identity of public.t.id
--    lock: ACCESS EXCLUSIVE on public.t
--    hazard notReversible: the identity sequence and its position are dropped
ALTER TABLE public.t ALTER COLUMN id DROP IDENTITY IF EXISTS;
