-- golden plan: change a text column to citext: its index is rebuilt
-- corpus: test/corpus/cases/extensions.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. create extension citext in schema public
--    lock: none
CREATE EXTENSION IF NOT EXISTS citext WITH SCHEMA public VERSION '1.6';

-- 2. change type of public.users.email from text to public.citext
--    lock: ACCESS EXCLUSIVE on public.users
--    hazard rewritesTable: rewrites the whole table and its indexes
--    hazard blocksReads: holds ACCESS EXCLUSIVE while it rewrites the table: reads wait
--    hazard blocksWrites: holds ACCESS EXCLUSIVE while it rewrites the table: writes wait
--    hazard mayFailOnExistingData: fails if a value does not convert from text to public.citext
ALTER TABLE public.users ALTER COLUMN email TYPE public.citext USING email::public.citext;
