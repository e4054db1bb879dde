-- golden plan: an extension in its own schema
-- corpus: test/corpus/cases/extensions.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. create schema ext
--    lock: none
CREATE SCHEMA IF NOT EXISTS ext;

-- 2. create extension citext in schema ext
--    lock: none
CREATE EXTENSION IF NOT EXISTS citext WITH SCHEMA ext VERSION '1.6';

-- 3. create sequence public.users_id_seq
--    lock: none
CREATE SEQUENCE public.users_id_seq AS bigint;

-- 4. create table public.users
--    lock: none
CREATE TABLE public.users (
  id bigint DEFAULT nextval('public.users_id_seq'::regclass) NOT NULL,
  email ext.citext NOT NULL,
  CONSTRAINT users_pkey PRIMARY KEY (id)
);

-- 5. make sequence public.users_id_seq owned by public.users.id
--    lock: none
ALTER SEQUENCE public.users_id_seq OWNED BY public.users.id;
