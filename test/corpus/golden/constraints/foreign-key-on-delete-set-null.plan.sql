-- golden plan: foreign key on delete set null
-- corpus: test/corpus/cases/constraints.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. drop constraint child_parent_fkey of public.child
--    lock: ACCESS EXCLUSIVE on public.child
ALTER TABLE public.child DROP CONSTRAINT child_parent_fkey;

-- 2. add foreign key child_parent_fkey on public.child NOT VALID
--    lock: SHARE ROW EXCLUSIVE on public.child
ALTER TABLE public.child ADD CONSTRAINT child_parent_fkey FOREIGN KEY (parent_id) REFERENCES public.parent (id) ON UPDATE NO ACTION ON DELETE SET NULL NOT VALID;

-- 3. validate child_parent_fkey on public.child
--    lock: SHARE UPDATE EXCLUSIVE on public.child
--    hazard mayFailOnExistingData: fails if existing rows reference missing parent rows
ALTER TABLE public.child VALIDATE CONSTRAINT child_parent_fkey;
