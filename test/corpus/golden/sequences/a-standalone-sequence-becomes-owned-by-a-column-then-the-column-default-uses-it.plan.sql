-- golden plan: a standalone sequence becomes owned by a column, then the column default uses it
-- corpus: test/corpus/cases/sequences.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. set default of public.t.id
--    lock: ACCESS EXCLUSIVE on public.t
ALTER TABLE public.t ALTER COLUMN id SET DEFAULT nextval('public.t_ids'::regclass);

-- 2. make sequence public.t_ids owned by public.t.id
--    lock: none
ALTER SEQUENCE public.t_ids OWNED BY public.t.id;
