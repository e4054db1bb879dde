-- golden plan: rebuild the unique key a foreign key references (FK dropped first, added after)
-- corpus: test/corpus/cases/constraints.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. drop constraint c_p_fkey of public.c
--    lock: ACCESS EXCLUSIVE on public.c
ALTER TABLE public.c DROP CONSTRAINT c_p_fkey;

-- 2. drop constraint p_v_key of public.p
--    lock: ACCESS EXCLUSIVE on public.p
ALTER TABLE public.p DROP CONSTRAINT p_v_key;

-- 3. build unique index p_v_key concurrently for p_v_key on public.p
--    lock: SHARE UPDATE EXCLUSIVE on public.p
--    outside a transaction
--    hazard indexBuild: builds an index: time and I/O grow with the table
--    hazard mayFailOnExistingData: fails if v has duplicate values
CREATE UNIQUE INDEX CONCURRENTLY p_v_key ON public.p (v) NULLS NOT DISTINCT;

-- 4. attach index p_v_key as unique constraint
--    lock: ACCESS EXCLUSIVE on public.p
ALTER TABLE public.p ADD CONSTRAINT p_v_key UNIQUE USING INDEX p_v_key;

-- 5. add foreign key c_p_fkey on public.c NOT VALID
--    lock: SHARE ROW EXCLUSIVE on public.c
ALTER TABLE public.c ADD CONSTRAINT c_p_fkey FOREIGN KEY (p_v) REFERENCES public.p (v) ON UPDATE NO ACTION ON DELETE NO ACTION NOT VALID;

-- 6. validate c_p_fkey on public.c
--    lock: SHARE UPDATE EXCLUSIVE on public.c
--    hazard mayFailOnExistingData: fails if existing rows reference missing p rows
ALTER TABLE public.c VALIDATE CONSTRAINT c_p_fkey;
