-- Indexes for the read API's keyset listings, and a change feed that never skips an event.

-- Episodes sort by publication date with undated episodes as the oldest: one non-null key
-- the keyset row comparison and this index can both use, in either direction.
CREATE INDEX "episodes_published_sort_idx"
    ON "episodes" ((coalesce("published_at", '-infinity'::timestamptz)), "id");
CREATE INDEX "episodes_title_id_idx" ON "episodes"("title", "id");
CREATE INDEX "episodes_created_at_id_idx" ON "episodes"("created_at", "id");
CREATE INDEX "people_name_id_idx" ON "people"("name", "id");
CREATE INDEX "topics_name_id_idx" ON "topics"("name", "id");
CREATE INDEX "episode_changes_occurred_at_idx" ON "episode_changes"("occurred_at");

-- A reader pages the change feed by seq. If seq were taken at insert time, a transaction
-- holding seq 5 could commit after one holding seq 6, and a reader who already moved past 6
-- would never see 5. Taking the number under a lock held until commit makes commit order
-- and seq order the same; the lock is held only from this insert, the last write of any
-- transaction that records a change, to its commit.
CREATE FUNCTION castindex_episode_change_in_commit_order() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock('episode_changes'::regclass::oid::int, 0);
  NEW.seq := nextval(pg_get_serial_sequence('episode_changes', 'seq'));
  NEW.occurred_at := clock_timestamp();
  RETURN NEW;
END
$$;

CREATE TRIGGER "episode_changes_in_commit_order"
  BEFORE INSERT ON "episode_changes"
  FOR EACH ROW EXECUTE FUNCTION castindex_episode_change_in_commit_order();
