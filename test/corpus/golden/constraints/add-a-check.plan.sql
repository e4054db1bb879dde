-- golden plan: add a check
-- corpus: test/corpus/cases/constraints.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. add check qty_positive on public.t NOT VALID
--    lock: ACCESS EXCLUSIVE on public.t
ALTER TABLE public.t ADD CONSTRAINT qty_positive CHECK ((qty > 0)) NOT VALID;

-- 2. validate qty_positive on public.t
--    lock: SHARE UPDATE EXCLUSIVE on public.t
--    hazard mayFailOnExistingData: fails if existing rows violate (qty > 0)
ALTER TABLE public.t VALIDATE CONSTRAINT qty_positive;
