-- golden plan: serial key in another schema
-- corpus: test/corpus/cases/sequences.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. create schema hr
--    lock: none
CREATE SCHEMA IF NOT EXISTS hr;

-- 2. create sequence hr.employees_employee_id_seq
--    lock: none
CREATE SEQUENCE hr.employees_employee_id_seq AS bigint;

-- 3. create table hr.employees
--    lock: none
CREATE TABLE hr.employees (
  employee_id bigint DEFAULT nextval('hr.employees_employee_id_seq'::regclass) NOT NULL,
  name text,
  CONSTRAINT employees_pkey PRIMARY KEY (employee_id)
);

-- 4. make sequence hr.employees_employee_id_seq owned by hr.employees.employee_id
--    lock: none
ALTER SEQUENCE hr.employees_employee_id_seq OWNED BY hr.employees.employee_id;
