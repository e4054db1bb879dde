-- golden plan: create a disabled trigger
-- corpus: test/corpus/cases/triggers.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. create trigger t_touch on public.t
--    lock: SHARE ROW EXCLUSIVE on public.t
CREATE TRIGGER t_touch BEFORE UPDATE ON public.t FOR EACH ROW EXECUTE FUNCTION public.touch();

-- 2. disable trigger t_touch on public.t
--    lock: SHARE ROW EXCLUSIVE on public.t
ALTER TABLE public.t DISABLE TRIGGER t_touch;
