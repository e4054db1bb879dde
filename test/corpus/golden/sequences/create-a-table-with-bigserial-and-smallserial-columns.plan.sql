-- golden plan: create a table with bigserial and smallserial columns
-- corpus: test/corpus/cases/sequences.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. create sequence public.orders_id_seq
--    lock: none
CREATE SEQUENCE public.orders_id_seq AS bigint;

-- 2. create sequence public.orders_line_seq
--    lock: none
CREATE SEQUENCE public.orders_line_seq AS smallint;

-- 3. create table public.orders
--    lock: none
CREATE TABLE public.orders (
  id bigint DEFAULT nextval('public.orders_id_seq'::regclass) NOT NULL,
  line smallint DEFAULT nextval('public.orders_line_seq'::regclass) NOT NULL,
  CONSTRAINT orders_pkey PRIMARY KEY (id)
);

-- 4. make sequence public.orders_id_seq owned by public.orders.id
--    lock: none
ALTER SEQUENCE public.orders_id_seq OWNED BY public.orders.id;

-- 5. make sequence public.orders_line_seq owned by public.orders.line
--    lock: none
ALTER SEQUENCE public.orders_line_seq OWNED BY public.orders.line;
