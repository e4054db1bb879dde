-- golden plan: status text -> enum with default, plus index on it
-- corpus: test/corpus/cases/combinations.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. create enum public.order_status
--    lock: none
CREATE TYPE public.order_status AS ENUM ('new', 'paid', 'shipped');

-- 2. drop constraint orders_user_fkey of public.orders
--    lock: ACCESS EXCLUSIVE on public.orders
ALTER TABLE public.orders DROP CONSTRAINT orders_user_fkey;

-- 3. drop default of public.orders.status
--    lock: ACCESS EXCLUSIVE on public.orders
ALTER TABLE public.orders ALTER COLUMN status DROP DEFAULT;

-- 4. change type of public.orders.status from text to public.order_status
--    lock: ACCESS EXCLUSIVE on public.orders
--    same transaction as the step before
--    hazard rewritesTable: rewrites the whole table and its indexes
--    hazard blocksReads: holds ACCESS EXCLUSIVE while it rewrites the table: reads wait
--    hazard blocksWrites: holds ACCESS EXCLUSIVE while it rewrites the table: writes wait
--    hazard mayFailOnExistingData: fails if a value does not convert from text to public.order_status
ALTER TABLE public.orders ALTER COLUMN status TYPE public.order_status USING status::public.order_status;

-- 5. set default of public.orders.status
--    lock: ACCESS EXCLUSIVE on public.orders
--    same transaction as the step before
ALTER TABLE public.orders ALTER COLUMN status SET DEFAULT 'new'::public.order_status;

-- 6. add NOT VALID check status IS NOT NULL on public.orders
--    lock: ACCESS EXCLUSIVE on public.orders
ALTER TABLE public.orders ADD CONSTRAINT schemastack_nn_d75ec760c5b8 CHECK (status IS NOT NULL) NOT VALID;

-- 7. validate status IS NOT NULL on public.orders
--    lock: SHARE UPDATE EXCLUSIVE on public.orders
--    hazard mayFailOnExistingData: fails if status has NULLs
ALTER TABLE public.orders VALIDATE CONSTRAINT schemastack_nn_d75ec760c5b8;

-- 8. set public.orders.status NOT NULL (uses the validated check, no scan)
--    lock: ACCESS EXCLUSIVE on public.orders
ALTER TABLE public.orders ALTER COLUMN status SET NOT NULL;

-- 9. drop the temporary check on public.orders.status
--    lock: ACCESS EXCLUSIVE on public.orders
--    same transaction as the step before
ALTER TABLE public.orders DROP CONSTRAINT schemastack_nn_d75ec760c5b8;

-- 10. create index orders_status_idx on public.orders concurrently
--    lock: SHARE UPDATE EXCLUSIVE on public.orders
--    outside a transaction
--    hazard indexBuild: builds an index: time and I/O grow with the table
CREATE INDEX CONCURRENTLY orders_status_idx ON public.orders USING btree (status);

-- 11. add foreign key orders_user_fkey on public.orders NOT VALID
--    lock: SHARE ROW EXCLUSIVE on public.orders
ALTER TABLE public.orders ADD CONSTRAINT orders_user_fkey FOREIGN KEY (user_id) REFERENCES public.users (id) ON UPDATE NO ACTION ON DELETE CASCADE NOT VALID;

-- 12. validate orders_user_fkey on public.orders
--    lock: SHARE UPDATE EXCLUSIVE on public.orders
--    hazard mayFailOnExistingData: fails if existing rows reference missing users rows
ALTER TABLE public.orders VALIDATE CONSTRAINT orders_user_fkey;
