-- castindex initial schema. Written by hand; test/db/schema-drift.test.ts proves it matches
-- prisma/schema.prisma table for table and column for column.

CREATE EXTENSION IF NOT EXISTS "pg_trgm";
CREATE EXTENSION IF NOT EXISTS "unaccent";

-- unaccent() is only STABLE (its dictionary could change), so it cannot feed a generated
-- column or an index directly; this wrapper pins the dictionary and is declared IMMUTABLE.
CREATE FUNCTION castindex_unaccent(text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$;

CREATE TYPE "person_role" AS ENUM ('host', 'guest', 'other');
CREATE TYPE "segment_kind" AS ENUM ('teaser', 'intro', 'interview', 'outro', 'ad');
CREATE TYPE "timing" AS ENUM ('source', 'estimated');
CREATE TYPE "topic_kind" AS ENUM ('topic', 'person', 'organization', 'place');
CREATE TYPE "change_type" AS ENUM ('created', 'updated', 'deleted');
CREATE TYPE "ingest_status" AS ENUM ('created', 'unchanged', 'replaced', 'failed');

CREATE TABLE "shows" (
    "id" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "shows_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "episodes" (
    "id" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "show_id" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT,
    "published_at" TIMESTAMPTZ(3),
    "duration_ms" INTEGER NOT NULL,
    "source_name" TEXT NOT NULL,
    "content_hash" TEXT NOT NULL,
    "format" TEXT NOT NULL,
    "language" TEXT NOT NULL DEFAULT 'en',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "search_vector" tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english'::regconfig, castindex_unaccent("title")), 'A') ||
        setweight(to_tsvector('english'::regconfig, castindex_unaccent(coalesce("description", ''))), 'B')
    ) STORED,
    CONSTRAINT "episodes_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "people" (
    "id" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "title" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "people_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "episode_people" (
    "episode_id" TEXT NOT NULL,
    "person_id" TEXT NOT NULL,
    "role" "person_role" NOT NULL,
    "labels" TEXT[],
    "confidence" DOUBLE PRECISION NOT NULL,
    "evidence" JSONB NOT NULL,
    "segment_count" INTEGER NOT NULL,
    "word_count" INTEGER NOT NULL,
    "talk_ms" INTEGER NOT NULL,
    CONSTRAINT "episode_people_pkey" PRIMARY KEY ("episode_id", "person_id")
);

CREATE TABLE "chapters" (
    "id" TEXT NOT NULL,
    "episode_id" TEXT NOT NULL,
    "ordinal" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "start_ms" INTEGER NOT NULL,
    "end_ms" INTEGER NOT NULL,
    "first_segment_id" TEXT,
    CONSTRAINT "chapters_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "segments" (
    "id" TEXT NOT NULL,
    "episode_id" TEXT NOT NULL,
    "ordinal" INTEGER NOT NULL,
    "person_id" TEXT,
    "label" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "word_count" INTEGER NOT NULL,
    "start_ms" INTEGER NOT NULL,
    "end_ms" INTEGER NOT NULL,
    "timing" "timing" NOT NULL,
    "chapter_id" TEXT,
    "kind" "segment_kind" NOT NULL,
    "search_vector" tsvector GENERATED ALWAYS AS (
        to_tsvector('english'::regconfig, castindex_unaccent("text"))
    ) STORED,
    CONSTRAINT "segments_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "quotes" (
    "id" TEXT NOT NULL,
    "episode_id" TEXT NOT NULL,
    "ordinal" INTEGER NOT NULL,
    "person_id" TEXT,
    "attributed_name" TEXT,
    "text" TEXT NOT NULL,
    "theme" TEXT,
    "stated_ms" INTEGER,
    "segment_id" TEXT,
    "chapter_id" TEXT,
    "start_ms" INTEGER,
    "char_start" INTEGER,
    "char_end" INTEGER,
    "alignment_score" DOUBLE PRECISION NOT NULL,
    "search_vector" tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english'::regconfig, castindex_unaccent("text")), 'A') ||
        setweight(to_tsvector('english'::regconfig, castindex_unaccent(coalesce("theme", ''))), 'B')
    ) STORED,
    CONSTRAINT "quotes_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "topics" (
    "id" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "topic_kind" NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "topics_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "episode_topics" (
    "episode_id" TEXT NOT NULL,
    "topic_id" TEXT NOT NULL,
    "weight" DOUBLE PRECISION NOT NULL,
    "mentions" INTEGER NOT NULL,
    CONSTRAINT "episode_topics_pkey" PRIMARY KEY ("episode_id", "topic_id")
);

CREATE TABLE "segment_topics" (
    "segment_id" TEXT NOT NULL,
    "topic_id" TEXT NOT NULL,
    "weight" DOUBLE PRECISION NOT NULL,
    CONSTRAINT "segment_topics_pkey" PRIMARY KEY ("segment_id", "topic_id")
);

CREATE TABLE "quote_topics" (
    "quote_id" TEXT NOT NULL,
    "topic_id" TEXT NOT NULL,
    "weight" DOUBLE PRECISION NOT NULL,
    CONSTRAINT "quote_topics_pkey" PRIMARY KEY ("quote_id", "topic_id")
);

CREATE TABLE "ingestion_runs" (
    "id" TEXT NOT NULL,
    "source_name" TEXT NOT NULL,
    "content_hash" TEXT,
    "format" TEXT,
    "episode_id" TEXT,
    "status" "ingest_status" NOT NULL,
    "trigger" TEXT NOT NULL,
    "api_key_id" TEXT,
    "counts" JSONB NOT NULL,
    "warnings" JSONB NOT NULL,
    "timings" JSONB NOT NULL,
    "error" JSONB,
    "started_at" TIMESTAMPTZ(3) NOT NULL,
    "finished_at" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "ingestion_runs_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "api_keys" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "secret_hash" TEXT NOT NULL,
    "scopes" TEXT[],
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_used_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),
    CONSTRAINT "api_keys_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "episode_changes" (
    "seq" BIGSERIAL NOT NULL,
    "episode_id" TEXT NOT NULL,
    "episode_slug" TEXT NOT NULL,
    "type" "change_type" NOT NULL,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "episode_changes_pkey" PRIMARY KEY ("seq")
);

CREATE TABLE "audit_events" (
    "id" BIGSERIAL NOT NULL,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "api_key_id" TEXT,
    "actor" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "target_type" TEXT NOT NULL,
    "target_id" TEXT,
    "request_id" TEXT,
    "details" JSONB NOT NULL,
    CONSTRAINT "audit_events_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "shows_slug_key" ON "shows"("slug");
CREATE UNIQUE INDEX "episodes_slug_key" ON "episodes"("slug");
CREATE UNIQUE INDEX "episodes_source_name_key" ON "episodes"("source_name");
CREATE INDEX "episodes_show_id_published_at_idx" ON "episodes"("show_id", "published_at");
CREATE INDEX "episodes_published_at_id_idx" ON "episodes"("published_at", "id");
CREATE INDEX "episodes_content_hash_idx" ON "episodes"("content_hash");
CREATE INDEX "episodes_search_vector_idx" ON "episodes" USING GIN ("search_vector");
CREATE UNIQUE INDEX "people_slug_key" ON "people"("slug");
CREATE INDEX "people_name_trgm_idx" ON "people" USING GIN ("name" gin_trgm_ops);
CREATE INDEX "episode_people_person_id_idx" ON "episode_people"("person_id");
CREATE UNIQUE INDEX "chapters_episode_id_ordinal_key" ON "chapters"("episode_id", "ordinal");
CREATE UNIQUE INDEX "segments_episode_id_ordinal_key" ON "segments"("episode_id", "ordinal");
CREATE INDEX "segments_episode_id_start_ms_idx" ON "segments"("episode_id", "start_ms");
CREATE INDEX "segments_person_id_idx" ON "segments"("person_id");
CREATE INDEX "segments_chapter_id_idx" ON "segments"("chapter_id");
CREATE INDEX "segments_search_vector_idx" ON "segments" USING GIN ("search_vector");
CREATE UNIQUE INDEX "quotes_episode_id_ordinal_key" ON "quotes"("episode_id", "ordinal");
CREATE INDEX "quotes_person_id_idx" ON "quotes"("person_id");
CREATE INDEX "quotes_segment_id_idx" ON "quotes"("segment_id");
CREATE INDEX "quotes_search_vector_idx" ON "quotes" USING GIN ("search_vector");
CREATE UNIQUE INDEX "topics_slug_key" ON "topics"("slug");
CREATE INDEX "topics_name_trgm_idx" ON "topics" USING GIN ("name" gin_trgm_ops);
CREATE INDEX "episode_topics_topic_id_weight_idx" ON "episode_topics"("topic_id", "weight");
CREATE INDEX "segment_topics_topic_id_idx" ON "segment_topics"("topic_id");
CREATE INDEX "quote_topics_topic_id_idx" ON "quote_topics"("topic_id");
CREATE INDEX "ingestion_runs_source_name_started_at_idx" ON "ingestion_runs"("source_name", "started_at");
CREATE UNIQUE INDEX "api_keys_prefix_key" ON "api_keys"("prefix");
CREATE INDEX "episode_changes_episode_id_idx" ON "episode_changes"("episode_id");
CREATE INDEX "audit_events_occurred_at_idx" ON "audit_events"("occurred_at");

ALTER TABLE "episodes" ADD CONSTRAINT "episodes_show_id_fkey" FOREIGN KEY ("show_id") REFERENCES "shows"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "episode_people" ADD CONSTRAINT "episode_people_episode_id_fkey" FOREIGN KEY ("episode_id") REFERENCES "episodes"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "episode_people" ADD CONSTRAINT "episode_people_person_id_fkey" FOREIGN KEY ("person_id") REFERENCES "people"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "chapters" ADD CONSTRAINT "chapters_episode_id_fkey" FOREIGN KEY ("episode_id") REFERENCES "episodes"("id") ON DELETE CASCADE ON UPDATE CASCADE;
-- Chapters and segments point at each other, so these two checks wait for the commit.
ALTER TABLE "chapters" ADD CONSTRAINT "chapters_first_segment_id_fkey" FOREIGN KEY ("first_segment_id") REFERENCES "segments"("id") ON DELETE SET NULL ON UPDATE CASCADE DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE "segments" ADD CONSTRAINT "segments_chapter_id_fkey" FOREIGN KEY ("chapter_id") REFERENCES "chapters"("id") ON DELETE SET NULL ON UPDATE CASCADE DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE "segments" ADD CONSTRAINT "segments_episode_id_fkey" FOREIGN KEY ("episode_id") REFERENCES "episodes"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "segments" ADD CONSTRAINT "segments_person_id_fkey" FOREIGN KEY ("person_id") REFERENCES "people"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "quotes" ADD CONSTRAINT "quotes_episode_id_fkey" FOREIGN KEY ("episode_id") REFERENCES "episodes"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "quotes" ADD CONSTRAINT "quotes_person_id_fkey" FOREIGN KEY ("person_id") REFERENCES "people"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "quotes" ADD CONSTRAINT "quotes_segment_id_fkey" FOREIGN KEY ("segment_id") REFERENCES "segments"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "quotes" ADD CONSTRAINT "quotes_chapter_id_fkey" FOREIGN KEY ("chapter_id") REFERENCES "chapters"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "episode_topics" ADD CONSTRAINT "episode_topics_episode_id_fkey" FOREIGN KEY ("episode_id") REFERENCES "episodes"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "episode_topics" ADD CONSTRAINT "episode_topics_topic_id_fkey" FOREIGN KEY ("topic_id") REFERENCES "topics"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "segment_topics" ADD CONSTRAINT "segment_topics_segment_id_fkey" FOREIGN KEY ("segment_id") REFERENCES "segments"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "segment_topics" ADD CONSTRAINT "segment_topics_topic_id_fkey" FOREIGN KEY ("topic_id") REFERENCES "topics"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "quote_topics" ADD CONSTRAINT "quote_topics_quote_id_fkey" FOREIGN KEY ("quote_id") REFERENCES "quotes"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "quote_topics" ADD CONSTRAINT "quote_topics_topic_id_fkey" FOREIGN KEY ("topic_id") REFERENCES "topics"("id") ON DELETE CASCADE ON UPDATE CASCADE;
