-- golden plan: serial column of a table with a long name: the sequence name is cut as Postgres cuts it
-- corpus: test/corpus/cases/sequences.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. create sequence public.tttttttttttttttttttttttttttttttttttttttt_with_a_very_lon_id_seq
--    lock: none
CREATE SEQUENCE public.tttttttttttttttttttttttttttttttttttttttt_with_a_very_lon_id_seq AS integer;

-- 2. create sequence public.ttttttttttttttttttttttttttttttttttttt_another_serial_column_seq
--    lock: none
CREATE SEQUENCE public.ttttttttttttttttttttttttttttttttttttt_another_serial_column_seq AS integer;

-- 3. create table public.tttttttttttttttttttttttttttttttttttttttt_with_a_very_long_name
--    lock: none
CREATE TABLE public.tttttttttttttttttttttttttttttttttttttttt_with_a_very_long_name (
  id integer DEFAULT nextval('public.tttttttttttttttttttttttttttttttttttttttt_with_a_very_lon_id_seq'::regclass) NOT NULL,
  another_serial_column integer DEFAULT nextval('public.ttttttttttttttttttttttttttttttttttttt_another_serial_column_seq'::regclass) NOT NULL
);

-- 4. make sequence public.tttttttttttttttttttttttttttttttttttttttt_with_a_very_lon_id_seq owned by public.tttttttttttttttttttttttttttttttttttttttt_with_a_very_long_name.id
--    lock: none
ALTER SEQUENCE public.tttttttttttttttttttttttttttttttttttttttt_with_a_very_lon_id_seq OWNED BY public.tttttttttttttttttttttttttttttttttttttttt_with_a_very_long_name.id;

-- 5. make sequence public.ttttttttttttttttttttttttttttttttttttt_another_serial_column_seq owned by public.tttttttttttttttttttttttttttttttttttttttt_with_a_very_long_name.another_serial_column
--    lock: none
ALTER SEQUENCE public.ttttttttttttttttttttttttttttttttttttt_another_serial_column_seq OWNED BY public.tttttttttttttttttttttttttttttttttttttttt_with_a_very_long_name.another_serial_column;
