-- golden plan: set NOT NULL on a domain in use
-- corpus: test/corpus/cases/domains.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. set NOT NULL on domain public.positive
--    lock: SHARE
--    hazard mayFailOnExistingData: fails if a column of public.positive holds NULL
--    hazard blocksWrites: holds SHARE on each table using the domain while it scans it
ALTER DOMAIN public.positive SET NOT NULL;
