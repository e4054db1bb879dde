-- golden plan: widen the base type of a domain in use (re-create it and convert the columns)
-- corpus: test/corpus/cases/domains.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. rename domain public.label aside to label__schemastack_old (its base type changes from character varying(10) to character varying(20))
--    lock: none
ALTER DOMAIN public.label RENAME TO label__schemastack_old;

-- 2. create domain public.label
--    lock: none
CREATE DOMAIN public.label AS character varying(20) CONSTRAINT label_check CHECK ((length((VALUE)::text) > 0));

-- 3. convert column public.t.q to the re-created domain public.label
--    lock: ACCESS EXCLUSIVE on public.t
--    hazard rewritesTable: rewrites the whole table and its indexes
--    hazard blocksReads: holds ACCESS EXCLUSIVE while it rewrites the table: reads wait
--    hazard blocksWrites: holds ACCESS EXCLUSIVE while it rewrites the table: writes wait
--    hazard mayFailOnExistingData: fails if a stored value does not fit character varying(20) or the domain's checks
ALTER TABLE public.t ALTER COLUMN q TYPE public.label USING q::character varying(20);

-- 4. convert column public.t.qs to the re-created domain public.label
--    lock: ACCESS EXCLUSIVE on public.t
--    hazard rewritesTable: rewrites the whole table and its indexes
--    hazard blocksReads: holds ACCESS EXCLUSIVE while it rewrites the table: reads wait
--    hazard blocksWrites: holds ACCESS EXCLUSIVE while it rewrites the table: writes wait
--    hazard mayFailOnExistingData: fails if a stored value does not fit character varying(20) or the domain's checks
ALTER TABLE public.t ALTER COLUMN qs TYPE public.label[] USING qs::character varying(20)[];

-- 5. drop the old domain public.label__schemastack_old
--    lock: none
DROP DOMAIN public.label__schemastack_old;
