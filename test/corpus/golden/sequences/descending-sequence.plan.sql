-- golden plan: descending sequence
-- corpus: test/corpus/cases/sequences.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. create sequence public.countdown
--    lock: none
CREATE SEQUENCE public.countdown AS integer INCREMENT BY -1;
