-- Every write to an episode records a change (episode_changes) in its own transaction. Here
-- that transaction also notifies "castindex_changes" as it commits, with the newest seq it
-- recorded, so a server caching responses learns at once that its copies may be stale, and
-- which change told it (seqs are in commit order: see the read_api migration). Rolled-back
-- transactions notify nothing.
CREATE FUNCTION castindex_notify_change() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('castindex_changes', (SELECT max(seq)::text FROM inserted));
  RETURN NULL;
END
$$;

CREATE TRIGGER "episode_changes_notify"
  AFTER INSERT ON "episode_changes"
  REFERENCING NEW TABLE AS inserted
  FOR EACH STATEMENT EXECUTE FUNCTION castindex_notify_change();
