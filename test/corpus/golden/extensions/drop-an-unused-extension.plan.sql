-- golden plan: drop an unused extension
-- corpus: test/corpus/cases/extensions.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts
-- destructive: refused without allowDataLoss

-- 1. drop extension pg_trgm
--    lock: none
--    hazard deletesData: drops extension pg_trgm and every object it owns (its types, functions, operators)
DROP EXTENSION IF EXISTS pg_trgm;
