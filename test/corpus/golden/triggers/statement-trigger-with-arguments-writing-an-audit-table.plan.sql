-- golden plan: statement trigger with arguments writing an audit table
-- corpus: test/corpus/cases/triggers.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. create function public.audit()
--    lock: none
CREATE FUNCTION public.audit()
  RETURNS trigger LANGUAGE plpgsql
AS $body$begin insert into public.audit_log (what) values (TG_ARGV[0] || ':' || TG_OP); return null; end$body$;

-- 2. create trigger t_audit on public.t
--    lock: SHARE ROW EXCLUSIVE on public.t
CREATE TRIGGER t_audit AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON public.t FOR EACH STATEMENT EXECUTE FUNCTION public.audit('t''s rows');
