-- golden plan: rename a referenced table (FKs follow)
-- corpus: test/corpus/cases/tables.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. drop constraint posts_user_fkey of public.posts
--    lock: ACCESS EXCLUSIVE on public.posts
ALTER TABLE public.posts DROP CONSTRAINT posts_user_fkey;

-- 2. rename table public.users to people
--    lock: ACCESS EXCLUSIVE on public.users
ALTER TABLE public.users RENAME TO people;

-- 3. rename constraint users_pkey of public.people to people_pkey
--    lock: ACCESS EXCLUSIVE on public.people
ALTER TABLE public.people RENAME CONSTRAINT users_pkey TO people_pkey;

-- 4. add foreign key posts_user_fkey on public.posts NOT VALID
--    lock: SHARE ROW EXCLUSIVE on public.posts
ALTER TABLE public.posts ADD CONSTRAINT posts_user_fkey FOREIGN KEY (user_id) REFERENCES public.people (id) ON UPDATE NO ACTION ON DELETE CASCADE NOT VALID;

-- 5. validate posts_user_fkey on public.posts
--    lock: SHARE UPDATE EXCLUSIVE on public.posts
--    hazard mayFailOnExistingData: fails if existing rows reference missing people rows
ALTER TABLE public.posts VALIDATE CONSTRAINT posts_user_fkey;
