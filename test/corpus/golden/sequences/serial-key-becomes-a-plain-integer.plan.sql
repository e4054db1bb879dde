-- golden plan: serial key becomes a plain integer
-- corpus: test/corpus/cases/sequences.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts
-- destructive: refused without allowDataLoss

-- 1. drop default of public.employees.employee_id
--    lock: ACCESS EXCLUSIVE on public.employees
ALTER TABLE public.employees ALTER COLUMN employee_id DROP DEFAULT;

-- 2. drop sequence public.employees_employee_id_seq
--    lock: ACCESS EXCLUSIVE on public.employees_employee_id_seq
--    hazard deletesData: drops sequence public.employees_employee_id_seq and its current value
--    hazard notReversible: a sequence created again starts over
DROP SEQUENCE IF EXISTS public.employees_employee_id_seq;
