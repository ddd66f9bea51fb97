-- castindex_search_words() was STRICT, and Postgres never inlines a STRICT set-returning SQL
-- function: the vocabulary triggers ran its body as a separate query for every segment or
-- quote they counted. Without STRICT the planner folds the body into the caller's query. The
-- result is unchanged, a NULL document included: unnest() of the NULL array its body then
-- computes gives no rows, as STRICT did. Measured on a generated episode (67 segments): the
-- trigger's word extraction 7.5 → 6.7 ms, its whole vocabulary update 11.3 → 10.3 ms.
ALTER FUNCTION castindex_search_words(text) CALLED ON NULL INPUT;
