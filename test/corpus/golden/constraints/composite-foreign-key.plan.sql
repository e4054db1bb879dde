-- golden plan: composite foreign key
-- corpus: test/corpus/cases/constraints.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. add foreign key cc_ab_fkey on public.cc NOT VALID
--    lock: SHARE ROW EXCLUSIVE on public.cc
ALTER TABLE public.cc ADD CONSTRAINT cc_ab_fkey FOREIGN KEY (a, b) REFERENCES public.cp (a, b) ON UPDATE NO ACTION ON DELETE NO ACTION NOT VALID;

-- 2. validate cc_ab_fkey on public.cc
--    lock: SHARE UPDATE EXCLUSIVE on public.cc
--    hazard mayFailOnExistingData: fails if existing rows reference missing cp rows
ALTER TABLE public.cc VALIDATE CONSTRAINT cc_ab_fkey;
