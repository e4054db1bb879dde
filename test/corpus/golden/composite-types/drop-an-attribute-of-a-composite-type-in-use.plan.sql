-- golden plan: drop an attribute of a composite type in use
-- corpus: test/corpus/cases/composite-types.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts
-- destructive: refused without allowDataLoss

-- 1. drop attribute number of composite type public.address
--    lock: none
--    hazard deletesData: drops attribute number from the values stored in public.t.home
ALTER TYPE public.address DROP ATTRIBUTE number;
