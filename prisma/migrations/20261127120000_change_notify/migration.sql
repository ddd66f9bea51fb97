-- Every write to an episode records a change (episode_changes) in its own transaction. Here
-- that transaction also notifies "castindex_changes" when it commits, so a server caching
-- responses learns at once that its copies may be stale. One notification per transaction:
-- Postgres folds identical notifications of one transaction into one, and rolled-back
-- transactions send none.
CREATE FUNCTION castindex_notify_change() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('castindex_changes', '');
  RETURN NULL;
END
$$;

CREATE TRIGGER "episode_changes_notify"
  AFTER INSERT ON "episode_changes"
  FOR EACH STATEMENT EXECUTE FUNCTION castindex_notify_change();
