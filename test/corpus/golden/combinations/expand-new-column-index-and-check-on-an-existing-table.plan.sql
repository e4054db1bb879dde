-- golden plan: expand: new column, index and check on an existing table
-- corpus: test/corpus/cases/combinations.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. add column active to public.users
--    lock: ACCESS EXCLUSIVE on public.users
ALTER TABLE public.users ADD COLUMN active boolean DEFAULT true NOT NULL;

-- 2. change type of public.users.name from character varying(50) to character varying(100)
--    lock: ACCESS EXCLUSIVE on public.users
ALTER TABLE public.users ALTER COLUMN name TYPE character varying(100) USING name::character varying(100);

-- 3. add NOT VALID check email IS NOT NULL on public.users
--    lock: ACCESS EXCLUSIVE on public.users
ALTER TABLE public.users ADD CONSTRAINT schemastack_nn_9bbd3c19b715 CHECK (email IS NOT NULL) NOT VALID;

-- 4. validate email IS NOT NULL on public.users
--    lock: SHARE UPDATE EXCLUSIVE on public.users
--    hazard mayFailOnExistingData: fails if email has NULLs
ALTER TABLE public.users VALIDATE CONSTRAINT schemastack_nn_9bbd3c19b715;

-- 5. set public.users.email NOT NULL (uses the validated check, no scan)
--    lock: ACCESS EXCLUSIVE on public.users
ALTER TABLE public.users ALTER COLUMN email SET NOT NULL;

-- 6. drop the temporary check on public.users.email
--    lock: ACCESS EXCLUSIVE on public.users
--    same transaction as the step before
ALTER TABLE public.users DROP CONSTRAINT schemastack_nn_9bbd3c19b715;

-- 7. add check users_email_check on public.users NOT VALID
--    lock: ACCESS EXCLUSIVE on public.users
ALTER TABLE public.users ADD CONSTRAINT users_email_check CHECK ((email <> ''::text)) NOT VALID;

-- 8. validate users_email_check on public.users
--    lock: SHARE UPDATE EXCLUSIVE on public.users
--    hazard mayFailOnExistingData: fails if existing rows violate (email <> ''::text)
ALTER TABLE public.users VALIDATE CONSTRAINT users_email_check;

-- 9. create index users_email_lower on public.users concurrently
--    lock: SHARE UPDATE EXCLUSIVE on public.users
--    outside a transaction
--    hazard indexBuild: builds an index: time and I/O grow with the table
--    hazard mayFailOnExistingData: fails if existing rows have duplicate keys
CREATE UNIQUE INDEX CONCURRENTLY users_email_lower ON public.users USING btree ((lower(email)));
