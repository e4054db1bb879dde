-- golden plan: change an attribute type of an unused composite type
-- corpus: test/corpus/cases/composite-types.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. change attribute number of composite type public.address to bigint
--    lock: none
ALTER TYPE public.address ALTER ATTRIBUTE number TYPE bigint;
