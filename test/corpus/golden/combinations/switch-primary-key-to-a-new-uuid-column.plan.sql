-- golden plan: switch primary key to a new uuid column
-- corpus: test/corpus/cases/combinations.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. drop constraint items_pkey of public.items
--    lock: ACCESS EXCLUSIVE on public.items
ALTER TABLE public.items DROP CONSTRAINT items_pkey;

-- 2. add column uid to public.items
--    lock: ACCESS EXCLUSIVE on public.items
--    hazard rewritesTable: fills every existing row, rewriting the table
--    hazard blocksReads: holds ACCESS EXCLUSIVE while it rewrites the table: reads wait
--    hazard blocksWrites: holds ACCESS EXCLUSIVE while it rewrites the table: writes wait
ALTER TABLE public.items ADD COLUMN uid uuid DEFAULT gen_random_uuid() NOT NULL;

-- 3. build unique index items_id_key concurrently for items_id_key on public.items
--    lock: SHARE UPDATE EXCLUSIVE on public.items
--    outside a transaction
--    hazard indexBuild: builds an index: time and I/O grow with the table
--    hazard mayFailOnExistingData: fails if id has duplicate values
CREATE UNIQUE INDEX CONCURRENTLY items_id_key ON public.items (id);

-- 4. attach index items_id_key as unique constraint
--    lock: ACCESS EXCLUSIVE on public.items
ALTER TABLE public.items ADD CONSTRAINT items_id_key UNIQUE USING INDEX items_id_key;

-- 5. build unique index items_pkey concurrently for items_pkey on public.items
--    lock: SHARE UPDATE EXCLUSIVE on public.items
--    outside a transaction
--    hazard indexBuild: builds an index: time and I/O grow with the table
--    hazard mayFailOnExistingData: fails if uid has duplicate values
CREATE UNIQUE INDEX CONCURRENTLY items_pkey ON public.items (uid);

-- 6. attach index items_pkey as primary key
--    lock: ACCESS EXCLUSIVE on public.items
ALTER TABLE public.items ADD CONSTRAINT items_pkey PRIMARY KEY USING INDEX items_pkey;
