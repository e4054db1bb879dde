-- golden plan: drop a schema whose table is referenced from public: the foreign key goes first
-- corpus: test/corpus/cases/schemas.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts
-- destructive: refused without allowDataLoss

-- 1. drop constraint orders_account_fk of public.orders
--    lock: ACCESS EXCLUSIVE on public.orders
ALTER TABLE public.orders DROP CONSTRAINT orders_account_fk;

-- 2. drop table app.accounts
--    lock: ACCESS EXCLUSIVE on app.accounts
--    hazard deletesData: drops table app.accounts and all its rows
--    hazard notReversible: the rows are gone
DROP TABLE app.accounts;

-- 3. drop schema app
--    lock: none
--    hazard deletesData: drops schema app, which holds table accounts
DROP SCHEMA app;
