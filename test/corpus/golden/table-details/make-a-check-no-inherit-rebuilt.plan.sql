-- golden plan: make a check NO INHERIT: rebuilt
-- corpus: test/corpus/cases/table-details.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. drop constraint t_a_positive of public.t
--    lock: ACCESS EXCLUSIVE on public.t
ALTER TABLE public.t DROP CONSTRAINT t_a_positive;

-- 2. add check t_a_positive on public.t NOT VALID
--    lock: ACCESS EXCLUSIVE on public.t
ALTER TABLE public.t ADD CONSTRAINT t_a_positive CHECK ((a > 0)) NO INHERIT NOT VALID;

-- 3. validate t_a_positive on public.t
--    lock: SHARE UPDATE EXCLUSIVE on public.t
--    hazard mayFailOnExistingData: fails if existing rows violate (a > 0)
ALTER TABLE public.t VALIDATE CONSTRAINT t_a_positive;
