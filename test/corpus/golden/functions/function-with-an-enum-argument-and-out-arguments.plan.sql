-- golden plan: function with an enum argument and out arguments
-- corpus: test/corpus/cases/functions.ts; rewrite all: SCHEMASTACK_UPDATE_GOLDEN=1 bash toolchain/mocha-one.sh test/unit/core/golden-plans.test.ts

-- 1. create enum public.mood
--    lock: none
CREATE TYPE public.mood AS ENUM ('happy', 'sad');

-- 2. create function public.describe_mood(m public.mood, OUT label text, OUT happy boolean)
--    lock: none
CREATE FUNCTION public.describe_mood(m public.mood, OUT label text, OUT happy boolean)
  RETURNS record LANGUAGE sql IMMUTABLE
AS $body$select m::text, m = 'happy'$body$;
