-- golden plan: rename a table with a trigger
-- corpus: test/corpus/cases/triggers.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. rename table public.t to t2
--    lock: ACCESS EXCLUSIVE on public.t
ALTER TABLE public.t RENAME TO t2;

-- 2. rename constraint t_pkey of public.t2 to t2_pkey
--    lock: ACCESS EXCLUSIVE on public.t2
ALTER TABLE public.t2 RENAME CONSTRAINT t_pkey TO t2_pkey;
