-- golden plan: rename a table and one of its columns
-- corpus: test/corpus/cases/tables.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. rename table public.users to people
--    lock: ACCESS EXCLUSIVE on public.users
ALTER TABLE public.users RENAME TO people;

-- 2. rename column email of public.people to mail
--    lock: ACCESS EXCLUSIVE on public.people
ALTER TABLE public.people RENAME COLUMN email TO mail;

-- 3. rename constraint users_pkey of public.people to people_pkey
--    lock: ACCESS EXCLUSIVE on public.people
ALTER TABLE public.people RENAME CONSTRAINT users_pkey TO people_pkey;
