-- golden plan: drop an extension and the column using its type
-- corpus: test/corpus/cases/extensions.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts
-- destructive: refused without allowDataLoss

-- 1. drop column nick of public.users
--    lock: ACCESS EXCLUSIVE on public.users
--    hazard deletesData: drops column public.users.nick and its data
--    hazard notReversible: the data is gone
ALTER TABLE public.users DROP COLUMN nick;

-- 2. drop extension citext
--    lock: none
--    hazard deletesData: drops extension citext and every object it owns (its types, functions, operators)
DROP EXTENSION IF EXISTS citext;
