-- golden plan: reorder the attributes of an unused composite type
-- corpus: test/corpus/cases/composite-types.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. rename composite type public.address aside to address__schemastack_old (ALTER TYPE cannot make this change while columns use it)
--    lock: none
ALTER TYPE public.address RENAME TO address__schemastack_old;

-- 2. create composite type public.address
--    lock: none
CREATE TYPE public.address AS (number integer, street text);

-- 3. drop the old composite type public.address__schemastack_old
--    lock: none
DROP TYPE public.address__schemastack_old;
