-- golden plan: rename a foreign key
-- corpus: test/corpus/cases/constraints.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. rename constraint child_parent_fkey of public.child to child_parent_ref
--    lock: ACCESS EXCLUSIVE on public.child
ALTER TABLE public.child RENAME CONSTRAINT child_parent_fkey TO child_parent_ref;
