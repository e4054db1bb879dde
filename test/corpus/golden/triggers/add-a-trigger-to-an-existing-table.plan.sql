-- golden plan: add a trigger to an existing table
-- corpus: test/corpus/cases/triggers.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. create function public.touch()
--    lock: none
CREATE FUNCTION public.touch()
  RETURNS trigger LANGUAGE plpgsql
AS $body$begin new.updated_at := now(); return new; end$body$;

-- 2. create trigger t_touch on public.t
--    lock: SHARE ROW EXCLUSIVE on public.t
CREATE TRIGGER t_touch BEFORE UPDATE ON public.t FOR EACH ROW EXECUTE FUNCTION public.touch();
