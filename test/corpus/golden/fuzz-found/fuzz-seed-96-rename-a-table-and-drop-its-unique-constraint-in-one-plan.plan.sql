-- golden plan: fuzz seed 96: rename a table and drop its unique constraint in one plan
-- corpus: test/corpus/cases/fuzz-found.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. rename table public.accounts to customers
--    lock: ACCESS EXCLUSIVE on public.accounts
ALTER TABLE public.accounts RENAME TO customers;

-- 2. drop constraint accounts_email_uq of public.customers
--    lock: ACCESS EXCLUSIVE on public.customers
ALTER TABLE public.customers DROP CONSTRAINT accounts_email_uq;

-- 3. rename constraint accounts_pkey of public.customers to customers_pkey
--    lock: ACCESS EXCLUSIVE on public.customers
ALTER TABLE public.customers RENAME CONSTRAINT accounts_pkey TO customers_pkey;
