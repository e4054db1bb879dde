-- golden plan: create an unlogged table
-- corpus: test/corpus/cases/tables.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. create table public.cache
--    lock: none
CREATE UNLOGGED TABLE public.cache (
  k text NOT NULL,
  v jsonb,
  CONSTRAINT cache_pkey PRIMARY KEY (k)
);
