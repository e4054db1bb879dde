-- golden plan: check on text length
-- corpus: test/corpus/cases/constraints.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. add check name_len on public.t NOT VALID
--    lock: ACCESS EXCLUSIVE on public.t
ALTER TABLE public.t ADD CONSTRAINT name_len CHECK ((length(name) < 100)) NOT VALID;

-- 2. validate name_len on public.t
--    lock: SHARE UPDATE EXCLUSIVE on public.t
--    hazard mayFailOnExistingData: fails if existing rows violate (length(name) < 100)
ALTER TABLE public.t VALIDATE CONSTRAINT name_len;
