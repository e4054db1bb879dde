-- golden plan: set NOT NULL on a column without NULLs
-- corpus: test/corpus/cases/columns.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. add NOT VALID check v IS NOT NULL on public.t
--    lock: ACCESS EXCLUSIVE on public.t
ALTER TABLE public.t ADD CONSTRAINT schemastack_nn_8a3ce4053ef4 CHECK (v IS NOT NULL) NOT VALID;

-- 2. validate v IS NOT NULL on public.t
--    lock: SHARE UPDATE EXCLUSIVE on public.t
--    hazard mayFailOnExistingData: fails if v has NULLs
ALTER TABLE public.t VALIDATE CONSTRAINT schemastack_nn_8a3ce4053ef4;

-- 3. set public.t.v NOT NULL (uses the validated check, no scan)
--    lock: ACCESS EXCLUSIVE on public.t
ALTER TABLE public.t ALTER COLUMN v SET NOT NULL;

-- 4. drop the temporary check on public.t.v
--    lock: ACCESS EXCLUSIVE on public.t
--    same transaction as the step before
ALTER TABLE public.t DROP CONSTRAINT schemastack_nn_8a3ce4053ef4;
