-- golden plan: fuzz seed 1058: drop a table and the table that references it
-- corpus: test/corpus/cases/fuzz-found.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts
-- destructive: refused without allowDataLoss

-- 1. drop table public.posts
--    lock: ACCESS EXCLUSIVE on public.posts
--    hazard deletesData: drops table public.posts and all its rows
--    hazard notReversible: the rows are gone
DROP TABLE public.posts;

-- 2. drop table public.authors
--    lock: ACCESS EXCLUSIVE on public.authors
--    hazard deletesData: drops table public.authors and all its rows
--    hazard notReversible: the rows are gone
DROP TABLE public.authors;
