-- golden plan: rename an index
-- corpus: test/corpus/cases/indexes.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. rename index a_idx of public.t to b_idx
--    lock: ACCESS EXCLUSIVE on public.a_idx
ALTER INDEX public.a_idx RENAME TO b_idx;
