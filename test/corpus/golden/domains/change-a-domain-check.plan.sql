-- golden plan: change a domain check
-- corpus: test/corpus/cases/domains.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. drop check positive_check of domain public.positive
--    lock: none
ALTER DOMAIN public.positive DROP CONSTRAINT positive_check;

-- 2. add check positive_check to domain public.positive NOT VALID
--    lock: none
ALTER DOMAIN public.positive ADD CONSTRAINT positive_check CHECK ((VALUE >= 0)) NOT VALID;

-- 3. validate check positive_check of domain public.positive
--    lock: SHARE
--    hazard mayFailOnExistingData: fails if a value stored in a column of public.positive violates (VALUE >= 0)
--    hazard blocksWrites: holds SHARE on each table using the domain while it scans it
ALTER DOMAIN public.positive VALIDATE CONSTRAINT positive_check;
