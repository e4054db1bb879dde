-- golden plan: drop a three-table chain
-- corpus: test/corpus/cases/tables.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts
-- destructive: refused without allowDataLoss

-- 1. drop table public.chain_c
--    lock: ACCESS EXCLUSIVE on public.chain_c
--    hazard deletesData: drops table public.chain_c and all its rows
--    hazard notReversible: the rows are gone
DROP TABLE public.chain_c;

-- 2. drop table public.chain_b
--    lock: ACCESS EXCLUSIVE on public.chain_b
--    hazard deletesData: drops table public.chain_b and all its rows
--    hazard notReversible: the rows are gone
DROP TABLE public.chain_b;

-- 3. drop table public.chain_a
--    lock: ACCESS EXCLUSIVE on public.chain_a
--    hazard deletesData: drops table public.chain_a and all its rows
--    hazard notReversible: the rows are gone
DROP TABLE public.chain_a;
