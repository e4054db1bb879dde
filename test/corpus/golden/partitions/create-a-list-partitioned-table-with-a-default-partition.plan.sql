-- golden plan: create a list-partitioned table with a default partition
-- corpus: test/corpus/cases/partitions.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. create table public.sales
--    lock: none
CREATE TABLE public.sales (
  id bigint,
  region text
) PARTITION BY LIST (region);

-- 2. create partition public.sales_eu of public.sales
--    lock: none
CREATE TABLE public.sales_eu PARTITION OF public.sales FOR VALUES IN ('de', 'fr');

-- 3. create partition public.sales_other of public.sales
--    lock: none
CREATE TABLE public.sales_other PARTITION OF public.sales DEFAULT;
