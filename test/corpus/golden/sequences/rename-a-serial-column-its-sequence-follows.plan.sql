-- golden plan: rename a serial column: its sequence follows
-- corpus: test/corpus/cases/sequences.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. rename sequence public.employees_employee_id_seq to employees_id_seq
--    lock: ACCESS EXCLUSIVE on public.employees_employee_id_seq
ALTER SEQUENCE public.employees_employee_id_seq RENAME TO employees_id_seq;

-- 2. rename column employee_id of public.employees to id
--    lock: ACCESS EXCLUSIVE on public.employees
ALTER TABLE public.employees RENAME COLUMN employee_id TO id;
