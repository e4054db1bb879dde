-- golden plan: enum comment
-- corpus: test/corpus/cases/enums.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. set comment of enum public.mood
--    lock: none
COMMENT ON TYPE public.mood IS 'how it feels';
