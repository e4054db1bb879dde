-- golden plan: update an extension to a newer version
-- corpus: test/corpus/cases/extensions.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. update extension citext from version 1.5 to 1.6
--    lock: none
--    hazard notReversible: an extension update script may have no way back
ALTER EXTENSION citext UPDATE TO '1.6';
