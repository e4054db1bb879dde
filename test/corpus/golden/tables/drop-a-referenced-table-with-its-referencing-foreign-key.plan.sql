-- golden plan: drop a referenced table with its referencing foreign key
-- corpus: test/corpus/cases/tables.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts
-- destructive: refused without allowDataLoss

-- 1. drop constraint posts_user_fkey of public.posts
--    lock: ACCESS EXCLUSIVE on public.posts
ALTER TABLE public.posts DROP CONSTRAINT posts_user_fkey;

-- 2. drop table public.users
--    lock: ACCESS EXCLUSIVE on public.users
--    hazard deletesData: drops table public.users and all its rows
--    hazard notReversible: the rows are gone
DROP TABLE public.users;
