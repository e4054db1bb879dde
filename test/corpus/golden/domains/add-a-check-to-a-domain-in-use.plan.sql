-- golden plan: add a check to a domain in use
-- corpus: test/corpus/cases/domains.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. add check small to domain public.positive NOT VALID
--    lock: none
ALTER DOMAIN public.positive ADD CONSTRAINT small CHECK ((VALUE < 1000)) NOT VALID;

-- 2. validate check small of domain public.positive
--    lock: SHARE
--    hazard mayFailOnExistingData: fails if a value stored in a column of public.positive violates (VALUE < 1000)
--    hazard blocksWrites: holds SHARE on each table using the domain while it scans it
ALTER DOMAIN public.positive VALIDATE CONSTRAINT small;
