-- Search filtered by a topic reads the topic's links and checks each linked segment or quote
-- against the text. With the linked id in the index beside the topic, the links come from the
-- index alone (an index-only scan) instead of a visit to the table per link, which on a large
-- corpus made a sequential scan of all links look cheaper. The old single-column indexes are
-- prefixes of these, so they go.
CREATE INDEX "segment_topics_topic_id_segment_id_idx" ON "segment_topics"("topic_id", "segment_id");
DROP INDEX "segment_topics_topic_id_idx";
CREATE INDEX "quote_topics_topic_id_quote_id_idx" ON "quote_topics"("topic_id", "quote_id");
DROP INDEX "quote_topics_topic_id_idx";
