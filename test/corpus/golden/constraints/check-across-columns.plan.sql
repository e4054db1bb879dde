-- golden plan: check across columns
-- corpus: test/corpus/cases/constraints.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. add check range_ok on public.t NOT VALID
--    lock: ACCESS EXCLUSIVE on public.t
ALTER TABLE public.t ADD CONSTRAINT range_ok CHECK ((lo <= hi)) NOT VALID;

-- 2. validate range_ok on public.t
--    lock: SHARE UPDATE EXCLUSIVE on public.t
--    hazard mayFailOnExistingData: fails if existing rows violate (lo <= hi)
ALTER TABLE public.t VALIDATE CONSTRAINT range_ok;
