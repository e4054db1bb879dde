-- golden plan: renamed table keeps its grants and policies
-- corpus: test/corpus/cases/access.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. rename table public.t to notes
--    lock: ACCESS EXCLUSIVE on public.t
ALTER TABLE public.t RENAME TO notes;

-- 2. rename constraint t_pkey of public.notes to notes_pkey
--    lock: ACCESS EXCLUSIVE on public.notes
ALTER TABLE public.notes RENAME CONSTRAINT t_pkey TO notes_pkey;
