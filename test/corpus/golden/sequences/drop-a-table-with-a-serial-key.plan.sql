-- golden plan: drop a table with a serial key
-- corpus: test/corpus/cases/sequences.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts
-- destructive: refused without allowDataLoss

-- 1. drop table public.employees
--    lock: ACCESS EXCLUSIVE on public.employees
--    hazard deletesData: drops table public.employees and all its rows
--    hazard notReversible: the rows are gone
DROP TABLE public.employees;

-- 2. drop sequence public.employees_employee_id_seq
--    lock: ACCESS EXCLUSIVE on public.employees_employee_id_seq
--    hazard deletesData: drops sequence public.employees_employee_id_seq and its current value
--    hazard notReversible: a sequence created again starts over
DROP SEQUENCE IF EXISTS public.employees_employee_id_seq;
