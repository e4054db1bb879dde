-- golden plan: create a hash-partitioned table
-- corpus: test/corpus/cases/partitions.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. create table public.shards
--    lock: none
CREATE TABLE public.shards (
  id bigint NOT NULL,
  CONSTRAINT shards_pkey PRIMARY KEY (id)
) PARTITION BY HASH (id);

-- 2. create partition public.shards_0 of public.shards
--    lock: none
CREATE TABLE public.shards_0 PARTITION OF public.shards FOR VALUES WITH (modulus 2, remainder 0);

-- 3. create partition public.shards_1 of public.shards
--    lock: none
CREATE TABLE public.shards_1 PARTITION OF public.shards FOR VALUES WITH (modulus 2, remainder 1);
