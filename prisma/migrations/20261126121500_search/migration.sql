-- Search support (issue 5): a text search configuration for highlighting, and a vocabulary of
-- the words that segments and quotes contain, for typo correction.

-- ts_headline() re-parses the original text. With plain 'english', "Erdős" becomes the lexeme
-- 'erdő' and never matches the query's 'erdo' (the stored vectors are built over
-- castindex_unaccent(text)). This configuration folds accents word by word, so snippets keep
-- the original spelling and still mark accented words.
CREATE TEXT SEARCH CONFIGURATION castindex_english (COPY = english);
ALTER TEXT SEARCH CONFIGURATION castindex_english
  ALTER MAPPING FOR hword, hword_part, word WITH public.unaccent, english_stem;

-- The distinct words of every segment and quote (accents folded, lower case) with the number
-- of documents that contain each. A misspelled query word is corrected to its closest term by
-- trigram similarity: over this table that is one GIN index probe, over the texts a scan.
-- Every ingestion updates the counts of thousands of terms; the spare room in each page
-- (fillfactor) lets those updates stay on their page (HOT) instead of adding index entries.
CREATE TABLE "search_terms" (
    "term" TEXT NOT NULL,
    "ndoc" INTEGER NOT NULL,
    CONSTRAINT "search_terms_pkey" PRIMARY KEY ("term")
) WITH (fillfactor = 50);
CREATE INDEX "search_terms_term_trgm_idx" ON "search_terms" USING GIN ("term" gin_trgm_ops);

-- A search reads the whole GIN pending list (entries added since the last flush) on every
-- query; at the default 4 MB that costs tens of milliseconds per search after a few
-- ingestions. A small list bounds that; ingestions flush it a little more often instead.
ALTER INDEX "segments_search_vector_idx" SET (gin_pending_list_limit = 256);
ALTER INDEX "quotes_search_vector_idx" SET (gin_pending_list_limit = 256);
ALTER INDEX "search_terms_term_trgm_idx" SET (gin_pending_list_limit = 256);

-- Person and topic filters match names fuzzily and regardless of accents ("Adebayo" finds
-- "Adébáyọ̀"); the existing trigram indexes are over the names as written.
CREATE INDEX "people_name_unaccent_trgm_idx" ON "people" USING GIN (castindex_unaccent("name") gin_trgm_ops);
CREATE INDEX "topics_name_unaccent_trgm_idx" ON "topics" USING GIN (castindex_unaccent("name") gin_trgm_ops);

-- The words of one document: lower case, accents folded, as the default text search parser
-- splits them (the parts of hyphenated words included, numbers, addresses and tags left out),
-- 3 to 40 characters and no English stop word, since neither a stop word nor a two-letter word
-- is worth correcting a query word to. A configuration of its own does the splitting and
-- filtering in C, at about the cost of the stored vectors themselves.
CREATE TEXT SEARCH DICTIONARY castindex_words_dict (TEMPLATE = simple, STOPWORDS = english);
CREATE TEXT SEARCH CONFIGURATION castindex_words (PARSER = default);
ALTER TEXT SEARCH CONFIGURATION castindex_words
  ADD MAPPING FOR asciiword, word, hword_part, hword_asciipart WITH castindex_words_dict;

CREATE FUNCTION castindex_search_words(doc text) RETURNS SETOF text
  LANGUAGE sql STABLE PARALLEL SAFE STRICT
  AS $$
    SELECT w
      FROM unnest(tsvector_to_array(to_tsvector('castindex_words', castindex_unaccent(doc)))) AS w
     WHERE length(w) BETWEEN 3 AND 40
  $$;

-- Counts the words of the given documents in (direction 1) or out (direction -1). Terms are upserted in
-- term order, so two ingestions touching the same terms lock them in the same order and
-- cannot deadlock; a term no document contains any more is removed.
CREATE FUNCTION castindex_search_terms_apply(docs text[], direction integer) RETURNS void
  LANGUAGE plpgsql
  AS $$
DECLARE
  emptied text[];
BEGIN
  WITH delta AS (
    SELECT w AS term, count(*)::integer * direction AS n
      FROM unnest(docs) AS d(doc), LATERAL castindex_search_words(d.doc) AS w
     GROUP BY w
     ORDER BY w
  ), counted AS (
    INSERT INTO search_terms AS t (term, ndoc)
    SELECT term, n FROM delta
    ON CONFLICT (term) DO UPDATE SET ndoc = t.ndoc + excluded.ndoc
    RETURNING t.term, t.ndoc
  )
  SELECT array_agg(term) INTO emptied FROM counted WHERE ndoc <= 0;
  IF emptied IS NOT NULL THEN
    DELETE FROM search_terms WHERE term = ANY (emptied) AND ndoc <= 0;
  END IF;
END
$$;

-- Statement-level triggers keep the vocabulary in the same transaction as every write of the
-- texts, whoever writes them: the ingestion store (insert, replace), an episode deletion (its
-- cascade), or a manual fix. One call per statement sees all its rows through the transition
-- tables, so an ingestion costs one vocabulary update per table, not one per row.
CREATE FUNCTION castindex_segments_search_terms() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM castindex_search_terms_apply(ARRAY(SELECT n.text FROM new_rows n), 1);
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM castindex_search_terms_apply(ARRAY(SELECT o.text FROM old_rows o), -1);
  ELSE
    PERFORM castindex_search_terms_apply(ARRAY(
      SELECT o.text FROM old_rows o LEFT JOIN new_rows n ON n.id = o.id
       WHERE n.text IS DISTINCT FROM o.text), -1);
    PERFORM castindex_search_terms_apply(ARRAY(
      SELECT n.text FROM new_rows n LEFT JOIN old_rows o ON o.id = n.id
       WHERE o.text IS DISTINCT FROM n.text), 1);
  END IF;
  RETURN NULL;
END
$$;

CREATE FUNCTION castindex_quotes_search_terms() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM castindex_search_terms_apply(ARRAY(SELECT concat_ws(' ', n.text, n.theme) FROM new_rows n), 1);
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM castindex_search_terms_apply(ARRAY(SELECT concat_ws(' ', o.text, o.theme) FROM old_rows o), -1);
  ELSE
    PERFORM castindex_search_terms_apply(ARRAY(
      SELECT concat_ws(' ', o.text, o.theme) FROM old_rows o LEFT JOIN new_rows n ON n.id = o.id
       WHERE concat_ws(' ', n.text, n.theme) IS DISTINCT FROM concat_ws(' ', o.text, o.theme)), -1);
    PERFORM castindex_search_terms_apply(ARRAY(
      SELECT concat_ws(' ', n.text, n.theme) FROM new_rows n LEFT JOIN old_rows o ON o.id = n.id
       WHERE concat_ws(' ', o.text, o.theme) IS DISTINCT FROM concat_ws(' ', n.text, n.theme)), 1);
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER "segments_search_terms_insert" AFTER INSERT ON "segments"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION castindex_segments_search_terms();
CREATE TRIGGER "segments_search_terms_update" AFTER UPDATE ON "segments"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION castindex_segments_search_terms();
CREATE TRIGGER "segments_search_terms_delete" AFTER DELETE ON "segments"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION castindex_segments_search_terms();
CREATE TRIGGER "quotes_search_terms_insert" AFTER INSERT ON "quotes"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION castindex_quotes_search_terms();
CREATE TRIGGER "quotes_search_terms_update" AFTER UPDATE ON "quotes"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION castindex_quotes_search_terms();
CREATE TRIGGER "quotes_search_terms_delete" AFTER DELETE ON "quotes"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION castindex_quotes_search_terms();

-- Texts stored before this migration.
INSERT INTO search_terms (term, ndoc)
SELECT w, count(*)::integer
  FROM (SELECT text AS doc FROM segments UNION ALL SELECT concat_ws(' ', text, theme) FROM quotes) AS d,
       LATERAL castindex_search_words(d.doc) AS w
 GROUP BY w;
