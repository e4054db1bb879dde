-- golden plan: create a standalone sequence with options
-- corpus: test/corpus/cases/sequences.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. create sequence public.invoice_numbers
--    lock: none
CREATE SEQUENCE public.invoice_numbers AS integer INCREMENT BY 10 MAXVALUE 99999 START WITH 1000 CACHE 20;
