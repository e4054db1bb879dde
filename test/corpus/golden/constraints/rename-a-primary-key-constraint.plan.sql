-- golden plan: rename a primary key constraint
-- corpus: test/corpus/cases/constraints.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. rename constraint old_pk of public.t to t_pkey
--    lock: ACCESS EXCLUSIVE on public.t
ALTER TABLE public.t RENAME CONSTRAINT old_pk TO t_pkey;
