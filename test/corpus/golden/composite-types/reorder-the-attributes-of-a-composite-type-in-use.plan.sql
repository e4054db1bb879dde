-- golden plan: reorder the attributes of a composite type in use
-- corpus: test/corpus/cases/composite-types.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. rename composite type public.address aside to address__schemastack_old (ALTER TYPE cannot make this change while columns use it)
--    lock: none
ALTER TYPE public.address RENAME TO address__schemastack_old;

-- 2. create composite type public.address
--    lock: none
CREATE TYPE public.address AS (number integer, street text);

-- 3. convert column public.t.home to the re-created composite type public.address
--    lock: ACCESS EXCLUSIVE on public.t
--    hazard rewritesTable: rewrites the whole table and its indexes
--    hazard blocksReads: holds ACCESS EXCLUSIVE while it rewrites the table: reads wait
--    hazard blocksWrites: holds ACCESS EXCLUSIVE while it rewrites the table: writes wait
--    hazard mayFailOnExistingData: fails if a stored attribute value does not cast to its new type
ALTER TABLE public.t ALTER COLUMN home TYPE public.address USING CASE WHEN (home)::text IS NULL THEN NULL ELSE ROW(((home).number)::integer, ((home).street)::text)::public.address END;

-- 4. drop the old composite type public.address__schemastack_old
--    lock: none
DROP TYPE public.address__schemastack_old;
