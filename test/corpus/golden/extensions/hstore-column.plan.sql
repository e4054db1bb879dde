-- golden plan: hstore column
-- corpus: test/corpus/cases/extensions.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. create extension hstore in schema public
--    lock: none
CREATE EXTENSION IF NOT EXISTS hstore WITH SCHEMA public VERSION '1.8';

-- 2. create table public.settings
--    lock: none
CREATE TABLE public.settings (
  id bigint NOT NULL,
  data public.hstore,
  CONSTRAINT settings_pkey PRIMARY KEY (id)
);
