-- golden plan: create a materialized view with grants and an owner
-- corpus: test/corpus/cases/access.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. create materialized view public.own_notes
--    lock: none
--    hazard rewritesTable: runs the query of materialized view public.own_notes to fill it
CREATE MATERIALIZED VIEW public.own_notes AS
SELECT t.id,
    t.body
   FROM public.t
  WHERE (t.author = CURRENT_USER);

-- 2. grant select on materialized view public.own_notes to acl_corpus_ro
--    lock: none
GRANT SELECT ON TABLE public.own_notes TO acl_corpus_ro;

-- 3. make acl_corpus_owner the owner of materialized view public.own_notes
--    lock: ACCESS EXCLUSIVE on public.own_notes
ALTER MATERIALIZED VIEW public.own_notes OWNER TO acl_corpus_owner;
