-- golden plan: backfilled NOT NULL column with a unique constraint
-- corpus: test/corpus/cases/data-moves.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. add column slug to public.t
--    lock: ACCESS EXCLUSIVE on public.t
ALTER TABLE public.t ADD COLUMN slug text;

-- 2. backfill public.t.slug where NULL from 'slug-' || id, in batches of 1000 rows by (id), each its own transaction (resumable)
--    lock: ROW EXCLUSIVE on public.t
--    hazard mayFailOnExistingData: fails before any change if the expression yields NULL for a row (slug becomes NOT NULL)
WITH batch AS (SELECT id FROM public.t WHERE (id) > ($1) ORDER BY id LIMIT 1000), updated AS (UPDATE public.t SET slug = ('slug-' || id) WHERE (id) IN (SELECT id FROM batch) AND slug IS NULL RETURNING 1) SELECT (SELECT count(*) FROM batch)::int AS scanned, (SELECT count(*) FROM updated)::int AS updated, last.* FROM (SELECT id::text AS k0 FROM batch ORDER BY id DESC LIMIT 1) last;

-- 3. add NOT VALID check slug IS NOT NULL on public.t
--    lock: ACCESS EXCLUSIVE on public.t
ALTER TABLE public.t ADD CONSTRAINT schemastack_nn_37ddc85d0d73 CHECK (slug IS NOT NULL) NOT VALID;

-- 4. validate slug IS NOT NULL on public.t
--    lock: SHARE UPDATE EXCLUSIVE on public.t
--    hazard mayFailOnExistingData: fails if slug has NULLs
ALTER TABLE public.t VALIDATE CONSTRAINT schemastack_nn_37ddc85d0d73;

-- 5. set public.t.slug NOT NULL (uses the validated check, no scan)
--    lock: ACCESS EXCLUSIVE on public.t
ALTER TABLE public.t ALTER COLUMN slug SET NOT NULL;

-- 6. drop the temporary check on public.t.slug
--    lock: ACCESS EXCLUSIVE on public.t
--    same transaction as the step before
ALTER TABLE public.t DROP CONSTRAINT schemastack_nn_37ddc85d0d73;

-- 7. build unique index t_slug_key concurrently for t_slug_key on public.t
--    lock: SHARE UPDATE EXCLUSIVE on public.t
--    outside a transaction
--    hazard indexBuild: builds an index: time and I/O grow with the table
--    hazard mayFailOnExistingData: fails if slug has duplicate values
CREATE UNIQUE INDEX CONCURRENTLY t_slug_key ON public.t (slug);

-- 8. attach index t_slug_key as unique constraint
--    lock: ACCESS EXCLUSIVE on public.t
ALTER TABLE public.t ADD CONSTRAINT t_slug_key UNIQUE USING INDEX t_slug_key;
