-- How each audited action ended ("succeeded", "denied" for 401/403, "failed" otherwise) and,
-- over HTTP, with which status; rows written before this migration were successes.
ALTER TABLE "audit_events" ADD COLUMN "outcome" TEXT NOT NULL DEFAULT 'succeeded';
ALTER TABLE "audit_events" ALTER COLUMN "outcome" DROP DEFAULT;
ALTER TABLE "audit_events" ADD COLUMN "status" INTEGER;

-- "Everything that happened to this episode / key", newest first.
CREATE INDEX "audit_events_target_type_target_id_occurred_at_idx" ON "audit_events"("target_type", "target_id", "occurred_at");
