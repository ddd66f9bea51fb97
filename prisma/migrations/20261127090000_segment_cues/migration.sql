-- Segments keep the source's own cues (for caption exports that give them back), and say which
-- of their two times was read from the file: "timing" stays "source" only when both were.

ALTER TABLE "segments"
    ADD COLUMN "cues" JSONB,
    ADD COLUMN "start_timing" "timing",
    ADD COLUMN "end_timing" "timing";

-- Plain-text transcripts give only starts: their ends were always the next turn's start.
UPDATE "segments" s
   SET "start_timing" = s."timing",
       "end_timing" = CASE WHEN e."format" = 'plain' THEN 'estimated'::"timing" ELSE s."timing" END
  FROM "episodes" e
 WHERE e."id" = s."episode_id";
UPDATE "segments" SET "timing" = 'estimated' WHERE "end_timing" = 'estimated';

ALTER TABLE "segments"
    ALTER COLUMN "start_timing" SET NOT NULL,
    ALTER COLUMN "start_timing" SET DEFAULT 'estimated',
    ALTER COLUMN "end_timing" SET NOT NULL,
    ALTER COLUMN "end_timing" SET DEFAULT 'estimated',
    ADD CONSTRAINT "segments_timing_check"
        CHECK (("timing" = 'source') = ("start_timing" = 'source' AND "end_timing" = 'source')),
    ADD CONSTRAINT "segments_cues_check" CHECK ("cues" IS NULL OR jsonb_typeof("cues") = 'array');
