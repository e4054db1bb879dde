-- golden plan: cross-schema foreign key
-- corpus: test/corpus/cases/tables.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. add foreign key inv_user on billing.invoices NOT VALID
--    lock: SHARE ROW EXCLUSIVE on billing.invoices
ALTER TABLE billing.invoices ADD CONSTRAINT inv_user FOREIGN KEY (user_id) REFERENCES public.users (id) ON UPDATE NO ACTION ON DELETE NO ACTION NOT VALID;

-- 2. validate inv_user on billing.invoices
--    lock: SHARE UPDATE EXCLUSIVE on billing.invoices
--    hazard mayFailOnExistingData: fails if existing rows reference missing users rows
ALTER TABLE billing.invoices VALIDATE CONSTRAINT inv_user;
