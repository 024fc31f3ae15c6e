-- Accent-insensitive text search configurations, used by ts_headline to highlight matches in the original
-- (accented) text: "senegal" highlights "Sénégal".
CREATE TEXT SEARCH CONFIGURATION passerelle_fr (COPY = pg_catalog.french);
--> statement-breakpoint
ALTER TEXT SEARCH CONFIGURATION passerelle_fr ALTER MAPPING FOR hword, hword_part, word WITH public.unaccent, french_stem;
--> statement-breakpoint
CREATE TEXT SEARCH CONFIGURATION passerelle_en (COPY = pg_catalog.english);
--> statement-breakpoint
ALTER TEXT SEARCH CONFIGURATION passerelle_en ALTER MAPPING FOR hword, hword_part, word WITH public.unaccent, english_stem;
--> statement-breakpoint
CREATE TEXT SEARCH CONFIGURATION passerelle_simple (COPY = pg_catalog.simple);
--> statement-breakpoint
ALTER TEXT SEARCH CONFIGURATION passerelle_simple ALTER MAPPING FOR hword, hword_part, word WITH public.unaccent, simple;
