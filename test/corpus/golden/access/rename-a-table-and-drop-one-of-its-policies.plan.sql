-- golden plan: rename a table and drop one of its policies
-- corpus: test/corpus/cases/access.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. rename table public.t to notes
--    lock: ACCESS EXCLUSIVE on public.t
ALTER TABLE public.t RENAME TO notes;

-- 2. drop policy own_rows on public.notes
--    lock: ACCESS EXCLUSIVE on public.notes
DROP POLICY own_rows ON public.notes;

-- 3. rename constraint t_pkey of public.notes to notes_pkey
--    lock: ACCESS EXCLUSIVE on public.notes
ALTER TABLE public.notes RENAME CONSTRAINT t_pkey TO notes_pkey;
