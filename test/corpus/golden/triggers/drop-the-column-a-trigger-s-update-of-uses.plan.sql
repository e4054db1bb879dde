-- golden plan: drop the column a trigger's update of uses
-- corpus: test/corpus/cases/triggers.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts
-- destructive: refused without allowDataLoss

-- 1. replace trigger t_touch on public.t
--    lock: SHARE ROW EXCLUSIVE on public.t
CREATE OR REPLACE TRIGGER t_touch BEFORE UPDATE OF v ON public.t FOR EACH ROW EXECUTE FUNCTION public.touch();

-- 2. drop column w of public.t
--    lock: ACCESS EXCLUSIVE on public.t
--    hazard deletesData: drops column public.t.w and its data
--    hazard notReversible: the data is gone
ALTER TABLE public.t DROP COLUMN w;
