-- golden plan: create a table with a serial key
-- corpus: test/corpus/cases/sequences.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. create sequence public.employees_employee_id_seq
--    lock: none
CREATE SEQUENCE public.employees_employee_id_seq AS integer;

-- 2. create table public.employees
--    lock: none
CREATE TABLE public.employees (
  employee_id integer DEFAULT nextval('public.employees_employee_id_seq'::regclass) NOT NULL,
  name text,
  CONSTRAINT employees_pkey PRIMARY KEY (employee_id)
);

-- 3. make sequence public.employees_employee_id_seq owned by public.employees.employee_id
--    lock: none
ALTER SEQUENCE public.employees_employee_id_seq OWNED BY public.employees.employee_id;
