-- golden plan: deferrable exclusion constraint
-- corpus: test/corpus/cases/exclusion.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. add exclusion constraint t_no_overlap on public.t
--    lock: ACCESS EXCLUSIVE on public.t
--    hazard mayFailOnExistingData: fails if existing rows conflict under t_no_overlap
--    hazard indexBuild: builds an index: time and I/O grow with the table
--    hazard blocksReads: holds ACCESS EXCLUSIVE while it builds the constraint's index: reads wait
--    hazard blocksWrites: holds ACCESS EXCLUSIVE while it builds the constraint's index: writes wait
ALTER TABLE public.t ADD CONSTRAINT t_no_overlap EXCLUDE USING gist (during WITH &&) DEFERRABLE INITIALLY DEFERRED;
