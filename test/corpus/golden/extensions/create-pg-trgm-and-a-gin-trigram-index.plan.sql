-- golden plan: create pg_trgm and a gin trigram index
-- corpus: test/corpus/cases/extensions.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. create extension pg_trgm in schema public
--    lock: none
CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public VERSION '1.6';

-- 2. create index users_email_trgm on public.users concurrently
--    lock: SHARE UPDATE EXCLUSIVE on public.users
--    outside a transaction
--    hazard indexBuild: builds an index: time and I/O grow with the table
CREATE INDEX CONCURRENTLY users_email_trgm ON public.users USING gin (email public.gin_trgm_ops);
