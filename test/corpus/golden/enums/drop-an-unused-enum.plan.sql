-- golden plan: drop an unused enum
-- corpus: test/corpus/cases/enums.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts
-- destructive: refused without allowDataLoss

-- 1. drop enum public.mood
--    lock: none
--    hazard deletesData: drops enum type public.mood and its values
--    hazard notReversible: the type's OID changes if it is created again
DROP TYPE public.mood;
