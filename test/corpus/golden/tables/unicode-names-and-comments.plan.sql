-- golden plan: unicode names and comments
-- corpus: test/corpus/cases/tables.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. create table public.café
--    lock: none
CREATE TABLE public."café" (
  "naïve" text
);

-- 2. set comment of table public.café
--    lock: SHARE UPDATE EXCLUSIVE on public.café
COMMENT ON TABLE public."café" IS 'table ☕';

-- 3. set comment of column public.café.naïve
--    lock: SHARE UPDATE EXCLUSIVE on public.café
COMMENT ON COLUMN public."café"."naïve" IS 'ünïcødé ✓';
