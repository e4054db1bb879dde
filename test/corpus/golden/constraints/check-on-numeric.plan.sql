-- golden plan: check on numeric
-- corpus: test/corpus/cases/constraints.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. add check price_pos on public.t NOT VALID
--    lock: ACCESS EXCLUSIVE on public.t
ALTER TABLE public.t ADD CONSTRAINT price_pos CHECK ((price >= (0)::numeric)) NOT VALID;

-- 2. validate price_pos on public.t
--    lock: SHARE UPDATE EXCLUSIVE on public.t
--    hazard mayFailOnExistingData: fails if existing rows violate (price >= (0)::numeric)
ALTER TABLE public.t VALIDATE CONSTRAINT price_pos;
