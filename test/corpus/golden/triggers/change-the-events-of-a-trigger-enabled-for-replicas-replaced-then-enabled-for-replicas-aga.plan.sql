-- golden plan: change the events of a trigger enabled for replicas: replaced, then enabled for replicas again
-- corpus: test/corpus/cases/triggers.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. replace trigger t_touch on public.t
--    lock: SHARE ROW EXCLUSIVE on public.t
CREATE OR REPLACE TRIGGER t_touch BEFORE INSERT OR UPDATE ON public.t FOR EACH ROW EXECUTE FUNCTION public.touch();

-- 2. enable trigger t_touch on public.t (replica)
--    lock: SHARE ROW EXCLUSIVE on public.t
--    same transaction as the step before
ALTER TABLE public.t ENABLE REPLICA TRIGGER t_touch;
