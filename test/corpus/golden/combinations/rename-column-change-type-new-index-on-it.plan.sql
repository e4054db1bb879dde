-- golden plan: rename column + change type + new index on it
-- corpus: test/corpus/cases/combinations.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. rename column name of public.users to full_name
--    lock: ACCESS EXCLUSIVE on public.users
ALTER TABLE public.users RENAME COLUMN name TO full_name;

-- 2. change type of public.users.full_name from character varying(50) to text
--    lock: ACCESS EXCLUSIVE on public.users
ALTER TABLE public.users ALTER COLUMN full_name TYPE text USING full_name::text;

-- 3. create index users_full_name on public.users concurrently
--    lock: SHARE UPDATE EXCLUSIVE on public.users
--    outside a transaction
--    hazard indexBuild: builds an index: time and I/O grow with the table
CREATE INDEX CONCURRENTLY users_full_name ON public.users USING btree (full_name);
