-- golden plan: change a trigger's events replaces it
-- corpus: test/corpus/cases/triggers.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. replace trigger t_touch on public.t
--    lock: SHARE ROW EXCLUSIVE on public.t
CREATE OR REPLACE TRIGGER t_touch BEFORE INSERT OR UPDATE ON public.t FOR EACH ROW EXECUTE FUNCTION public.touch();
