-- golden plan: set NOT NULL on several columns with a check that uses them
-- corpus: test/corpus/cases/combinations.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. add NOT VALID check a IS NOT NULL on public.t
--    lock: ACCESS EXCLUSIVE on public.t
ALTER TABLE public.t ADD CONSTRAINT schemastack_nn_bc6f9628ae35 CHECK (a IS NOT NULL) NOT VALID;

-- 2. validate a IS NOT NULL on public.t
--    lock: SHARE UPDATE EXCLUSIVE on public.t
--    hazard mayFailOnExistingData: fails if a has NULLs
ALTER TABLE public.t VALIDATE CONSTRAINT schemastack_nn_bc6f9628ae35;

-- 3. set public.t.a NOT NULL (uses the validated check, no scan)
--    lock: ACCESS EXCLUSIVE on public.t
ALTER TABLE public.t ALTER COLUMN a SET NOT NULL;

-- 4. drop the temporary check on public.t.a
--    lock: ACCESS EXCLUSIVE on public.t
--    same transaction as the step before
ALTER TABLE public.t DROP CONSTRAINT schemastack_nn_bc6f9628ae35;

-- 5. add NOT VALID check b IS NOT NULL on public.t
--    lock: ACCESS EXCLUSIVE on public.t
ALTER TABLE public.t ADD CONSTRAINT schemastack_nn_ef7d21565aeb CHECK (b IS NOT NULL) NOT VALID;

-- 6. validate b IS NOT NULL on public.t
--    lock: SHARE UPDATE EXCLUSIVE on public.t
--    hazard mayFailOnExistingData: fails if b has NULLs
ALTER TABLE public.t VALIDATE CONSTRAINT schemastack_nn_ef7d21565aeb;

-- 7. set public.t.b NOT NULL (uses the validated check, no scan)
--    lock: ACCESS EXCLUSIVE on public.t
ALTER TABLE public.t ALTER COLUMN b SET NOT NULL;

-- 8. drop the temporary check on public.t.b
--    lock: ACCESS EXCLUSIVE on public.t
--    same transaction as the step before
ALTER TABLE public.t DROP CONSTRAINT schemastack_nn_ef7d21565aeb;

-- 9. add check ab on public.t NOT VALID
--    lock: ACCESS EXCLUSIVE on public.t
ALTER TABLE public.t ADD CONSTRAINT ab CHECK ((a <= b)) NOT VALID;

-- 10. validate ab on public.t
--    lock: SHARE UPDATE EXCLUSIVE on public.t
--    hazard mayFailOnExistingData: fails if existing rows violate (a <= b)
ALTER TABLE public.t VALIDATE CONSTRAINT ab;
