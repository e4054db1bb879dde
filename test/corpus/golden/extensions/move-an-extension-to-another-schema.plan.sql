-- golden plan: move an extension to another schema
-- corpus: test/corpus/cases/extensions.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. move extension citext from schema public to ext
--    lock: none
--    hazard mayFailOnExistingData: fails for an extension that is not relocatable
--    hazard blocksWrites: objects using the extension's types refer to them in the new schema
ALTER EXTENSION citext SET SCHEMA ext;
