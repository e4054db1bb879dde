-- golden plan: create a table and a materialized view on it
-- corpus: test/corpus/cases/materialized-views.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. create table public.refunds
--    lock: none
CREATE TABLE public.refunds (
  id bigint NOT NULL,
  CONSTRAINT refunds_pkey PRIMARY KEY (id)
);

-- 2. create materialized view public.refund_totals
--    lock: none
--    hazard rewritesTable: runs the query of materialized view public.refund_totals to fill it
CREATE MATERIALIZED VIEW public.refund_totals AS
SELECT count(*) AS n
   FROM public.refunds;
