-- golden plan: turn an ascending sequence that never handed out a value descending: it starts over at -1
-- corpus: test/corpus/cases/sequences.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. change options of sequence public.countup (INCREMENT BY -1, MINVALUE -2147483648, MAXVALUE -1, START WITH -1), keeping its current value; if it never handed out a value, it starts over at its new start
--    lock: SHARE ROW EXCLUSIVE on public.countup
--    hazard mayFailOnExistingData: fails if the current value lies outside the new bounds (the current value is kept, never reset)
DO $body$BEGIN IF (SELECT NOT is_called AND last_value = 1 FROM public.countup) THEN ALTER SEQUENCE public.countup INCREMENT BY -1 MINVALUE -2147483648 MAXVALUE -1 START WITH -1 RESTART; ELSE ALTER SEQUENCE public.countup INCREMENT BY -1 MINVALUE -2147483648 MAXVALUE -1 START WITH -1; END IF; END$body$;
