-- golden plan: serial key becomes bigserial
-- corpus: test/corpus/cases/sequences.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. drop default of public.employees.employee_id
--    lock: ACCESS EXCLUSIVE on public.employees
ALTER TABLE public.employees ALTER COLUMN employee_id DROP DEFAULT;

-- 2. change type of public.employees.employee_id from integer to bigint
--    lock: ACCESS EXCLUSIVE on public.employees
--    same transaction as the step before
--    hazard rewritesTable: rewrites the whole table and its indexes
--    hazard blocksReads: holds ACCESS EXCLUSIVE while it rewrites the table: reads wait
--    hazard blocksWrites: holds ACCESS EXCLUSIVE while it rewrites the table: writes wait
--    hazard mayFailOnExistingData: fails if a value does not convert from integer to bigint
ALTER TABLE public.employees ALTER COLUMN employee_id TYPE bigint USING employee_id::bigint;

-- 3. set default of public.employees.employee_id
--    lock: ACCESS EXCLUSIVE on public.employees
--    same transaction as the step before
ALTER TABLE public.employees ALTER COLUMN employee_id SET DEFAULT nextval('public.employees_employee_id_seq'::regclass);

-- 4. change options of sequence public.employees_employee_id_seq (AS bigint, MAXVALUE 9223372036854775807), keeping its current value
--    lock: SHARE ROW EXCLUSIVE on public.employees_employee_id_seq
--    hazard mayFailOnExistingData: fails if the current value lies outside the new bounds (the current value is kept, never reset)
ALTER SEQUENCE public.employees_employee_id_seq AS bigint MAXVALUE 9223372036854775807;
