-- golden plan: domain over an enum, dropped together with the enum
-- corpus: test/corpus/cases/domains.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts
-- destructive: refused without allowDataLoss

-- 1. drop domain public.happy_mood
--    lock: none
DROP DOMAIN public.happy_mood;

-- 2. drop enum public.mood
--    lock: none
--    hazard deletesData: drops enum type public.mood and its values
--    hazard notReversible: the type's OID changes if it is created again
DROP TYPE public.mood;
