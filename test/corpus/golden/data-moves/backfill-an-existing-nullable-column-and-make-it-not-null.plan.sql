-- golden plan: backfill an existing nullable column and make it NOT NULL
-- corpus: test/corpus/cases/data-moves.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. backfill public.t.name where NULL from coalesce(title, 'untitled'), in batches of 1000 rows by (id), each its own transaction (resumable)
--    lock: ROW EXCLUSIVE on public.t
--    hazard mayFailOnExistingData: fails before any change if the expression yields NULL for a row (name becomes NOT NULL)
WITH batch AS (SELECT id FROM public.t WHERE (id) > ($1) ORDER BY id LIMIT 1000), updated AS (UPDATE public.t SET name = (coalesce(title, 'untitled')) WHERE (id) IN (SELECT id FROM batch) AND name IS NULL RETURNING 1) SELECT (SELECT count(*) FROM batch)::int AS scanned, (SELECT count(*) FROM updated)::int AS updated, last.* FROM (SELECT id::text AS k0 FROM batch ORDER BY id DESC LIMIT 1) last;

-- 2. add NOT VALID check name IS NOT NULL on public.t
--    lock: ACCESS EXCLUSIVE on public.t
ALTER TABLE public.t ADD CONSTRAINT schemastack_nn_b3567205c278 CHECK (name IS NOT NULL) NOT VALID;

-- 3. validate name IS NOT NULL on public.t
--    lock: SHARE UPDATE EXCLUSIVE on public.t
--    hazard mayFailOnExistingData: fails if name has NULLs
ALTER TABLE public.t VALIDATE CONSTRAINT schemastack_nn_b3567205c278;

-- 4. set public.t.name NOT NULL (uses the validated check, no scan)
--    lock: ACCESS EXCLUSIVE on public.t
ALTER TABLE public.t ALTER COLUMN name SET NOT NULL;

-- 5. drop the temporary check on public.t.name
--    lock: ACCESS EXCLUSIVE on public.t
--    same transaction as the step before
ALTER TABLE public.t DROP CONSTRAINT schemastack_nn_b3567205c278;
