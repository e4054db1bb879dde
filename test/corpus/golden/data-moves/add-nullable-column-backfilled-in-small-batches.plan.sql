-- golden plan: add nullable column backfilled in small batches
-- corpus: test/corpus/cases/data-moves.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. add column b to public.t
--    lock: ACCESS EXCLUSIVE on public.t
ALTER TABLE public.t ADD COLUMN b text;

-- 2. backfill public.t.b where NULL from upper(a), in batches of 1 rows by (id), each its own transaction (resumable)
--    lock: ROW EXCLUSIVE on public.t
--    hazard mayFailOnExistingData: the expression is evaluated for every row where b is NULL
WITH batch AS (SELECT id FROM public.t WHERE (id) > ($1) ORDER BY id LIMIT 1), updated AS (UPDATE public.t SET b = (upper(a)) WHERE (id) IN (SELECT id FROM batch) AND b IS NULL RETURNING 1) SELECT (SELECT count(*) FROM batch)::int AS scanned, (SELECT count(*) FROM updated)::int AS updated, last.* FROM (SELECT id::text AS k0 FROM batch ORDER BY id DESC LIMIT 1) last;
