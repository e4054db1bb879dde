-- golden plan: integer key becomes serial and starts after the existing rows
-- corpus: test/corpus/cases/sequences.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. create sequence public.employees_employee_id_seq
--    lock: none
CREATE SEQUENCE public.employees_employee_id_seq AS integer;

-- 2. set default of public.employees.employee_id
--    lock: ACCESS EXCLUSIVE on public.employees
ALTER TABLE public.employees ALTER COLUMN employee_id SET DEFAULT nextval('public.employees_employee_id_seq'::regclass);

-- 3. make sequence public.employees_employee_id_seq owned by public.employees.employee_id
--    lock: none
ALTER SEQUENCE public.employees_employee_id_seq OWNED BY public.employees.employee_id;

-- 4. start sequence public.employees_employee_id_seq after the largest employee_id of public.employees
--    lock: ACCESS SHARE on public.employees
SELECT pg_catalog.setval('public.employees_employee_id_seq', greatest(coalesce(max(employee_id) + 1, 1), 1), false) FROM public.employees;
