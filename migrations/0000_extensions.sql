-- Extensions and helpers every later migration relies on.
CREATE EXTENSION IF NOT EXISTS unaccent;
--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS pg_trgm;
--> statement-breakpoint
-- unaccent() is only STABLE (it reads a dictionary); generated columns and indexes need IMMUTABLE.
-- Naming the dictionary explicitly makes the result fixed, so the wrapper can be declared IMMUTABLE.
CREATE OR REPLACE FUNCTION passerelle_unaccent(text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$;
