-- golden plan: grant all privileges
-- corpus: test/corpus/cases/access.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. grant select, insert, update, delete, truncate, references, trigger on table public.t to acl_corpus_app
--    lock: none
GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON TABLE public.t TO acl_corpus_app;
