-- golden plan: a gist trigram index
-- corpus: test/corpus/cases/extensions.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. create extension pg_trgm in schema public
--    lock: none
CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public VERSION '1.6';

-- 2. create sequence public.users_id_seq
--    lock: none
CREATE SEQUENCE public.users_id_seq AS bigint;

-- 3. create table public.users
--    lock: none
CREATE TABLE public.users (
  id bigint DEFAULT nextval('public.users_id_seq'::regclass) NOT NULL,
  email text NOT NULL,
  CONSTRAINT users_pkey PRIMARY KEY (id)
);

-- 4. make sequence public.users_id_seq owned by public.users.id
--    lock: none
ALTER SEQUENCE public.users_id_seq OWNED BY public.users.id;

-- 5. create index users_email_gist on public.users
--    lock: SHARE on public.users
CREATE INDEX users_email_gist ON public.users USING gist (email public.gist_trgm_ops);
