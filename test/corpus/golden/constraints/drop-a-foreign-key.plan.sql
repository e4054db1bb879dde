-- golden plan: drop a foreign key
-- corpus: test/corpus/cases/constraints.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. drop constraint child_parent_fkey of public.child
--    lock: ACCESS EXCLUSIVE on public.child
ALTER TABLE public.child DROP CONSTRAINT child_parent_fkey;
