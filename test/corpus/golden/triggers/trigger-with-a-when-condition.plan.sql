-- golden plan: trigger with a when condition
-- corpus: test/corpus/cases/triggers.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. replace trigger t_touch on public.t
--    lock: SHARE ROW EXCLUSIVE on public.t
CREATE OR REPLACE TRIGGER t_touch BEFORE UPDATE ON public.t FOR EACH ROW WHEN ((old.v IS DISTINCT FROM new.v)) EXECUTE FUNCTION public.touch();
