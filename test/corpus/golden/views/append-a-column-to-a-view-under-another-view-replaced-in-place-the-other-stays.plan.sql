-- golden plan: append a column to a view under another view: replaced in place, the other stays
-- corpus: test/corpus/cases/views.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. replace view public.totals (CREATE OR REPLACE: same leading columns, adds n)
--    lock: ACCESS EXCLUSIVE on public.totals
CREATE OR REPLACE VIEW public.totals AS
SELECT orders.customer,
    sum(orders.amount) AS total,
    count(*) AS n
   FROM public.orders
  GROUP BY orders.customer;
