-- Extensions for diacritics-insensitive search. Both ship with PostgreSQL contrib and with PGlite, and both
-- are trusted extensions, so a database owner may create them.
CREATE EXTENSION IF NOT EXISTS unaccent;--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
-- unaccent() is only STABLE (it reads a dictionary chosen by search_path); naming the dictionary makes the
-- result depend on its input alone, so the function may back generated columns and indexes.
-- unaccent maps đ/Đ to d/D, so "so ke hoach" matches "Sở Kế hoạch".
CREATE OR REPLACE FUNCTION search_fold(input text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$ SELECT lower(public.unaccent('public.unaccent'::regdictionary, input)) $$;
