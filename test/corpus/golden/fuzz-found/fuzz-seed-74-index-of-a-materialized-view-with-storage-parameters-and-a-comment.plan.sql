-- golden plan: fuzz seed 74: index of a materialized view with storage parameters and a comment
-- corpus: test/corpus/cases/fuzz-found.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. create materialized view public.totals
--    lock: none
--    hazard rewritesTable: runs the query of materialized view public.totals to fill it
CREATE MATERIALIZED VIEW public.totals AS
SELECT orders.customer,
    sum(orders.amount) AS total
   FROM public.orders
  GROUP BY orders.customer;

-- 2. create index totals_customer on materialized view public.totals
--    lock: SHARE on public.totals
CREATE INDEX totals_customer ON public.totals USING btree (customer) WITH (fillfactor = 80);

-- 3. set comment of index totals_customer of public.totals
--    lock: none
COMMENT ON INDEX public.totals_customer IS 'by customer';
