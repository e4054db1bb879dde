-- golden plan: function used by a check constraint
-- corpus: test/corpus/cases/functions.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. create function public.is_small(x integer)
--    lock: none
CREATE FUNCTION public.is_small(x integer)
  RETURNS boolean LANGUAGE sql IMMUTABLE
AS $body$select x < 1000$body$;

-- 2. add check t_v_check on public.t NOT VALID
--    lock: ACCESS EXCLUSIVE on public.t
ALTER TABLE public.t ADD CONSTRAINT t_v_check CHECK (public.is_small(v)) NOT VALID;

-- 3. validate t_v_check on public.t
--    lock: SHARE UPDATE EXCLUSIVE on public.t
--    hazard mayFailOnExistingData: fails if existing rows violate public.is_small(v)
ALTER TABLE public.t VALIDATE CONSTRAINT t_v_check;
