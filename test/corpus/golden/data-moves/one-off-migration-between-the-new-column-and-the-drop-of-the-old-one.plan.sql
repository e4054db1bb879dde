-- golden plan: one-off migration between the new column and the drop of the old one
-- corpus: test/corpus/cases/data-moves.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts
-- destructive: refused without allowDataLoss

-- 1. add column claim to public.claims
--    lock: ACCESS EXCLUSIVE on public.claims
ALTER TABLE public.claims ADD COLUMN claim text;

-- 2. prepare schemastack.data_migration for migration 2026-12-copy-claims
--    lock: none
CREATE SCHEMA IF NOT EXISTS schemastack; CREATE TABLE IF NOT EXISTS schemastack.data_migration (name text PRIMARY KEY, sha256 text NOT NULL, down text, applied_at timestamptz NOT NULL DEFAULT now());

-- 3. run migration 2026-12-copy-claims (once per database)
--    lock: ROW EXCLUSIVE
--    same transaction as the step before
--    hazard mayFailOnExistingData: hand-written SQL over existing rows: the staging rehearsal runs it on a copy of prod first
--    hazard notReversible: no `down` declared: rollback restores the pre-migration dump
UPDATE public.claims SET claim = claim_text;

-- 4. record migration 2026-12-copy-claims in schemastack.data_migration
--    lock: ROW EXCLUSIVE
--    same transaction as the step before
INSERT INTO schemastack.data_migration (name, sha256, down) VALUES ('2026-12-copy-claims', '1c37128a9df6760c666c2c742293bd621a69e23d611b4b3f9c35a0d0795c941a', NULL);

-- 5. drop column claim_text of public.claims
--    lock: ACCESS EXCLUSIVE on public.claims
--    hazard deletesData: drops column public.claims.claim_text and its data
--    hazard notReversible: the data is gone
ALTER TABLE public.claims DROP COLUMN claim_text;
