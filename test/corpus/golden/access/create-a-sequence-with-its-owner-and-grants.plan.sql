-- golden plan: create a sequence with its owner and grants
-- corpus: test/corpus/cases/access.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. create sequence public.ticket
--    lock: none
CREATE SEQUENCE public.ticket AS bigint;

-- 2. grant select on sequence public.ticket to acl_corpus_ro
--    lock: none
GRANT SELECT ON SEQUENCE public.ticket TO acl_corpus_ro;

-- 3. make acl_corpus_owner the owner of sequence public.ticket
--    lock: none
ALTER SEQUENCE public.ticket OWNER TO acl_corpus_owner;
