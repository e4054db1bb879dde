-- golden plan: disable a trigger and enable another for replicas
-- corpus: test/corpus/cases/triggers.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. disable trigger t_touch on public.t
--    lock: SHARE ROW EXCLUSIVE on public.t
ALTER TABLE public.t DISABLE TRIGGER t_touch;

-- 2. enable trigger t_touch2 on public.t (replica)
--    lock: SHARE ROW EXCLUSIVE on public.t
ALTER TABLE public.t ENABLE REPLICA TRIGGER t_touch2;
