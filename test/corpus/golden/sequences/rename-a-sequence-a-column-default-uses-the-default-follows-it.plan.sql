-- golden plan: rename a sequence a column default uses: the default follows it
-- corpus: test/corpus/cases/sequences.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. rename sequence public.t_ids to ids
--    lock: ACCESS EXCLUSIVE on public.t_ids
ALTER SEQUENCE public.t_ids RENAME TO ids;
