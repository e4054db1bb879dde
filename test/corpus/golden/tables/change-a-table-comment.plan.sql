-- golden plan: change a table comment
-- corpus: test/corpus/cases/tables.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. set comment of table public.users
--    lock: SHARE UPDATE EXCLUSIVE on public.users
COMMENT ON TABLE public.users IS 'it''s b';
