-- golden plan: rename a table and its serial column together: the sequence is renamed once
-- corpus: test/corpus/cases/sequences.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. rename table public.employees to staff
--    lock: ACCESS EXCLUSIVE on public.employees
ALTER TABLE public.employees RENAME TO staff;

-- 2. rename sequence public.employees_employee_id_seq to staff_id_seq
--    lock: ACCESS EXCLUSIVE on public.employees_employee_id_seq
ALTER SEQUENCE public.employees_employee_id_seq RENAME TO staff_id_seq;

-- 3. rename column employee_id of public.staff to id
--    lock: ACCESS EXCLUSIVE on public.staff
ALTER TABLE public.staff RENAME COLUMN employee_id TO id;

-- 4. rename constraint employees_pkey of public.staff to staff_pkey
--    lock: ACCESS EXCLUSIVE on public.staff
ALTER TABLE public.staff RENAME CONSTRAINT employees_pkey TO staff_pkey;
