-- golden plan: change a check
-- corpus: test/corpus/cases/constraints.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. drop constraint q of public.t
--    lock: ACCESS EXCLUSIVE on public.t
ALTER TABLE public.t DROP CONSTRAINT q;

-- 2. add check q on public.t NOT VALID
--    lock: ACCESS EXCLUSIVE on public.t
ALTER TABLE public.t ADD CONSTRAINT q CHECK ((qty >= 0)) NOT VALID;

-- 3. validate q on public.t
--    lock: SHARE UPDATE EXCLUSIVE on public.t
--    hazard mayFailOnExistingData: fails if existing rows violate (qty >= 0)
ALTER TABLE public.t VALIDATE CONSTRAINT q;
