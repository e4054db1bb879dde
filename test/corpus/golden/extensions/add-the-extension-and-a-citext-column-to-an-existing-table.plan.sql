-- golden plan: add the extension and a citext column to an existing table
-- corpus: test/corpus/cases/extensions.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. create extension citext in schema public
--    lock: none
CREATE EXTENSION IF NOT EXISTS citext WITH SCHEMA public VERSION '1.6';

-- 2. add column nick to public.users
--    lock: ACCESS EXCLUSIVE on public.users
ALTER TABLE public.users ADD COLUMN nick public.citext;
