-- golden plan: add a primary key on a nullable column
-- corpus: test/corpus/cases/constraints.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. add NOT VALID check id IS NOT NULL on public.t
--    lock: ACCESS EXCLUSIVE on public.t
ALTER TABLE public.t ADD CONSTRAINT schemastack_nn_fde4253a55b7 CHECK (id IS NOT NULL) NOT VALID;

-- 2. validate id IS NOT NULL on public.t
--    lock: SHARE UPDATE EXCLUSIVE on public.t
--    hazard mayFailOnExistingData: fails if id has NULLs
ALTER TABLE public.t VALIDATE CONSTRAINT schemastack_nn_fde4253a55b7;

-- 3. set public.t.id NOT NULL (uses the validated check, no scan)
--    lock: ACCESS EXCLUSIVE on public.t
ALTER TABLE public.t ALTER COLUMN id SET NOT NULL;

-- 4. drop the temporary check on public.t.id
--    lock: ACCESS EXCLUSIVE on public.t
--    same transaction as the step before
ALTER TABLE public.t DROP CONSTRAINT schemastack_nn_fde4253a55b7;

-- 5. build unique index t_pkey concurrently for t_pkey on public.t
--    lock: SHARE UPDATE EXCLUSIVE on public.t
--    outside a transaction
--    hazard indexBuild: builds an index: time and I/O grow with the table
--    hazard mayFailOnExistingData: fails if id has duplicate values
CREATE UNIQUE INDEX CONCURRENTLY t_pkey ON public.t (id);

-- 6. attach index t_pkey as primary key
--    lock: ACCESS EXCLUSIVE on public.t
ALTER TABLE public.t ADD CONSTRAINT t_pkey PRIMARY KEY USING INDEX t_pkey;
