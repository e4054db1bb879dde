-- golden plan: comment on a trigger
-- corpus: test/corpus/cases/triggers.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. set comment of trigger t_touch on public.t
--    lock: none
COMMENT ON TRIGGER t_touch ON public.t IS 'keeps updated_at current';
