-- golden plan: comment on a check constraint
-- corpus: test/corpus/cases/table-details.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. set comment of constraint t_a_positive of public.t
--    lock: none
COMMENT ON CONSTRAINT t_a_positive ON public.t IS 'no negative amounts';
