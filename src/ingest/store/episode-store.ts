import { createHash } from 'node:crypto';
import type pg from 'pg';
import type { Db } from '../../db/client.js';
import { deleteOrphans, sharedRefsOf, type SharedRefs, sweepAfterCommit } from '../../db/orphans.js';
import { recordChange } from '../../db/change-listener.js';
import { DEADLOCK_DETECTED, inTransaction, queryRows, retrying, type Sql, sql } from '../../db/sql.js';
import { newId } from '../../lib/ids.js';
import type { Logger } from '../../lib/logger.js';
import { identitySlug } from '../../lib/text.js';
import type { DraftTopic, EpisodeDraft, IngestWarning } from '../model.js';

export type StoredStatus = 'created' | 'unchanged' | 'replaced';

export interface StoredEpisode {
  id: string;
  slug: string;
  title: string;
}

export interface RunRecord {
  sourceName: string;
  contentHash: string | null;
  format: string | null;
  trigger: string;
  apiKeyId: string | null;
  startedAt: Date;
  counts: Record<string, number>;
  warnings: IngestWarning[];
  timings: Record<string, number>;
  error?: { code: string; message: string; line?: number };
}

/** A run as it starts: who asked for which file, with nothing counted, warned or timed yet. */
export function startRun(
  fields: Pick<RunRecord, 'sourceName' | 'contentHash' | 'format' | 'trigger'> & { apiKeyId?: string | null },
): RunRecord {
  return {
    apiKeyId: null,
    ...fields,
    startedAt: new Date(),
    counts: {},
    warnings: [],
    timings: {},
  };
}

const UNIQUE_VIOLATION = '23505';
const FOREIGN_KEY_VIOLATION = '23503';
/** The links to rows other writers share, which a concurrent sweep can delete from under a save. */
const SHARED_ROW_LINKS = new Set([
  'episodes_show_id_fkey',
  'episode_people_person_id_fkey',
  'segments_person_id_fkey',
  'quotes_person_id_fkey',
  'episode_topics_topic_id_fkey',
  'segment_topics_topic_id_fkey',
  'quote_topics_topic_id_fkey',
]);

/**
 * Whether a save failed on another writer and may simply run again: a concurrent ingestion took
 * the slug this one chose, a sweep deleted a show, person or topic it had found, or shared rows
 * were locked in the other order (a deadlock). Any other failure would fail the same way again.
 */
function isConcurrentWrite({ code, constraint }: { code?: string; constraint?: string }): boolean {
  return (
    (code === UNIQUE_VIOLATION && constraint === 'episodes_slug_key') ||
    (code === FOREIGN_KEY_VIOLATION && constraint !== undefined && SHARED_ROW_LINKS.has(constraint)) ||
    code === DEADLOCK_DETECTED
  );
}

type Row = { id: string; slug: string };

/**
 * Writes understood episodes: everything for one file in one short transaction, on plain `pg`
 * (an ingestion is a dozen statements carrying tens of kilobytes of arrays; Prisma's per-query
 * work cost more CPU than Postgres spent on most of them — measured by bench/ingest-probe.ts).
 * `log` hears of what fails once a save has committed (sweepAfterCommit).
 */
export function createEpisodeStore(db: Db, log?: Logger) {
  const { pool } = db;

  async function uniqueSlug(client: pg.ClientBase, title: string): Promise<string> {
    const base = identitySlug(title);
    const rows = await queryRows<{ slug: string }>(
      client,
      sql`SELECT slug FROM episodes WHERE starts_with(slug, ${base})`,
    );
    const taken = new Set(rows.map((e) => e.slug));
    if (!taken.has(base)) return base;
    for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
  }

  /**
   * The id of each slug's row, found or created in one statement (`upsert`: new slugs are
   * inserted, existing ones read as the statement's snapshot saw them). A slug that a
   * concurrent ingestion inserted after that snapshot is read again by the next statement.
   */
  async function idsBySlug(
    client: pg.ClientBase,
    table: Sql,
    slugs: string[],
    upsert: Sql,
  ): Promise<Map<string, string>> {
    if (slugs.length === 0) return new Map();
    const ids = new Map((await queryRows<Row>(client, upsert)).map((r) => [r.slug, r.id]));
    const missing = slugs.filter((slug) => !ids.has(slug));
    if (missing.length) {
      const reread = sql`SELECT id, slug FROM ${table} WHERE slug = ANY (${missing}::text[])`;
      for (const r of await queryRows<Row>(client, reread)) ids.set(r.slug, r.id);
    }
    return ids;
  }

  async function upsertPeople(
    client: pg.ClientBase,
    draft: EpisodeDraft,
    sourceName: string,
  ): Promise<string[]> {
    // A speaker nobody could name is this episode's alone: "Speaker B" of one file is not
    // "Speaker B" of another. Their slug carries the source, so a replacement reuses the row.
    const ownSuffix = createHash('sha256').update(sourceName).digest('hex').slice(0, 8);
    const slugs: string[] = [];
    // One row per slug: the first spelling names it, the last title given wins (as when each
    // draft person was upserted in turn).
    const rows = new Map<string, { name: string; title: string | null }>();
    for (const p of draft.people) {
      const slug = identitySlug(p.unnamed ? `${p.name} ${ownSuffix}` : p.name);
      slugs.push(slug);
      const row = rows.get(slug);
      if (!row) rows.set(slug, { name: p.name, title: p.title });
      else if (p.title) row.title = p.title;
    }
    const unique = [...rows.keys()];
    const ids = await idsBySlug(
      client,
      sql`people`,
      unique,
      sql`
        WITH input AS (
          SELECT * FROM unnest(${unique.map(() => newId('per'))}::text[], ${unique}::text[],
            ${unique.map((s) => rows.get(s)!.name)}::text[], ${unique.map((s) => rows.get(s)!.title)}::text[])
            AS i(id, slug, name, title)
        ), written AS (
          INSERT INTO people AS p (id, slug, name, title, created_at, updated_at)
          SELECT id, slug, name, title, now(), now() FROM input ORDER BY slug
          ON CONFLICT (slug) DO UPDATE SET title = excluded.title, updated_at = excluded.updated_at
            WHERE excluded.title IS NOT NULL
          RETURNING p.id, p.slug
        )
        SELECT id, slug FROM written
        UNION ALL
        SELECT p.id, p.slug FROM people p JOIN input i ON i.slug = p.slug
         WHERE p.slug NOT IN (SELECT slug FROM written)`,
    );
    return slugs.map((slug) => ids.get(slug)!);
  }

  async function upsertTopics(client: pg.ClientBase, draft: EpisodeDraft): Promise<string[]> {
    const first = new Map<string, DraftTopic>();
    for (const t of draft.topics) if (!first.has(t.slug)) first.set(t.slug, t);
    const unique = [...first.values()];
    const ids = await idsBySlug(
      client,
      sql`topics`,
      [...first.keys()],
      sql`
        WITH input AS (
          SELECT * FROM unnest(${unique.map(() => newId('top'))}::text[], ${unique.map((t) => t.slug)}::text[],
            ${unique.map((t) => t.name)}::text[], ${unique.map((t) => t.kind)}::text[])
            AS i(id, slug, name, kind)
        ), inserted AS (
          INSERT INTO topics (id, slug, name, kind, created_at)
          SELECT id, slug, name, kind::topic_kind, now() FROM input ORDER BY slug
          ON CONFLICT (slug) DO NOTHING
          RETURNING id, slug
        )
        SELECT id, slug FROM inserted
        UNION ALL
        SELECT t.id, t.slug FROM topics t JOIN input i ON i.slug = t.slug`,
    );
    return draft.topics.map((t) => ids.get(t.slug)!);
  }

  async function writeChildren(
    client: pg.ClientBase,
    episodeId: string,
    draft: EpisodeDraft,
    sourceName: string,
  ): Promise<void> {
    const personIds = await upsertPeople(client, draft, sourceName);
    const topicIds = await upsertTopics(client, draft);
    const segmentIds = draft.segments.map(() => newId('seg'));
    const chapterIds = draft.chapters.map(() => newId('chp'));
    const quoteIds = draft.quotes.map(() => newId('qt'));
    const at = <T>(ids: T[], i: number | null): T | null => (i === null ? null : (ids[i] ?? null));

    // Rows go in as one array per column: Postgres reads these far faster than a VALUES list
    // of a dozen parameters per row (measured by bench/ingest-probe.ts).
    const { chapters, segments, quotes } = draft;
    await queryRows(
      client,
      sql`
      INSERT INTO chapters (episode_id, id, ordinal, title, start_ms, end_ms, first_segment_id)
      SELECT ${episodeId}, * FROM unnest(
        ${chapterIds}::text[], ${chapters.map((_, i) => i + 1)}::int[], ${chapters.map((c) => c.title)}::text[],
        ${chapters.map((c) => c.startMs)}::int[], ${chapters.map((c) => c.endMs)}::int[],
        ${chapters.map((c) => at(segmentIds, c.firstSegment))}::text[])`,
    );
    await queryRows(
      client,
      sql`
      INSERT INTO segments (episode_id, id, ordinal, person_id, label, text, word_count, start_ms, end_ms,
                            timing, start_timing, end_timing, cues, chapter_id, kind)
      SELECT ${episodeId}, * FROM unnest(
        ${segmentIds}::text[], ${segments.map((_, i) => i + 1)}::int[],
        ${segments.map((s) => at(personIds, s.person))}::text[], ${segments.map((s) => s.label)}::text[],
        ${segments.map((s) => s.text)}::text[], ${segments.map((s) => s.wordCount)}::int[],
        ${segments.map((s) => s.startMs)}::int[], ${segments.map((s) => s.endMs)}::int[],
        ${segments.map((s) => s.timing)}::timing[], ${segments.map((s) => s.startTiming)}::timing[],
        ${segments.map((s) => s.endTiming)}::timing[],
        ${segments.map((s) => (s.cues ? JSON.stringify(s.cues) : null))}::jsonb[],
        ${segments.map((s) => at(chapterIds, s.chapter))}::text[], ${segments.map((s) => s.kind)}::segment_kind[])`,
    );
    await queryRows(
      client,
      sql`
      INSERT INTO quotes (episode_id, id, ordinal, person_id, attributed_name, text, theme, stated_ms,
                          segment_id, chapter_id, start_ms, char_start, char_end, alignment_score)
      SELECT ${episodeId}, * FROM unnest(
        ${quoteIds}::text[], ${quotes.map((_, i) => i + 1)}::int[], ${quotes.map((q) => at(personIds, q.person))}::text[],
        ${quotes.map((q) => q.attributedName)}::text[], ${quotes.map((q) => q.text)}::text[],
        ${quotes.map((q) => q.theme)}::text[], ${quotes.map((q) => q.statedMs)}::int[],
        ${quotes.map((q) => at(segmentIds, q.segment))}::text[], ${quotes.map((q) => at(chapterIds, q.chapter))}::text[],
        ${quotes.map((q) => q.startMs)}::int[], ${quotes.map((q) => q.charStart)}::int[],
        ${quotes.map((q) => q.charEnd)}::int[], ${quotes.map((q) => q.alignmentScore)}::float8[])`,
    );
    // Two draft people can share a slug only if understanding failed to merge them;
    // the first keeps the participation row.
    const seen = new Set<string>();
    const appearances = draft.people.flatMap((p, i) => {
      const personId = personIds[i]!;
      if (seen.has(personId)) return [];
      seen.add(personId);
      const own = draft.segments.filter((s) => s.person === i);
      return [
        {
          personId,
          role: p.role,
          // One text per row: a Postgres array of arrays must be rectangular, labels are not.
          labels: JSON.stringify(p.labels),
          confidence: p.confidence,
          evidence: JSON.stringify(p.evidence),
          segmentCount: own.length,
          wordCount: own.reduce((n, s) => n + s.wordCount, 0),
          talkMs: own.reduce((n, s) => n + (s.endMs - s.startMs), 0),
        },
      ];
    });
    await queryRows(
      client,
      sql`
      INSERT INTO episode_people (episode_id, person_id, role, labels, confidence, evidence,
                                  segment_count, word_count, talk_ms)
      SELECT ${episodeId}, a.person_id, a.role::person_role,
             ARRAY(SELECT l FROM jsonb_array_elements_text(a.labels) WITH ORDINALITY AS x(l, n) ORDER BY n),
             a.confidence, a.evidence,
             a.segment_count, a.word_count, a.talk_ms
        FROM unnest(${appearances.map((a) => a.personId)}::text[], ${appearances.map((a) => a.role)}::text[],
          ${appearances.map((a) => a.labels)}::jsonb[], ${appearances.map((a) => a.confidence)}::float8[],
          ${appearances.map((a) => a.evidence)}::jsonb[], ${appearances.map((a) => a.segmentCount)}::int[],
          ${appearances.map((a) => a.wordCount)}::int[], ${appearances.map((a) => a.talkMs)}::int[])
          AS a(person_id, role, labels, confidence, evidence, segment_count, word_count, talk_ms)`,
    );
    const episodeTopics = draft.topics.map((t, i) => ({ topicId: topicIds[i]!, t }));
    await queryRows(
      client,
      sql`
      INSERT INTO episode_topics (episode_id, topic_id, weight, mentions)
      SELECT ${episodeId}, * FROM unnest(${episodeTopics.map((e) => e.topicId)}::text[],
        ${episodeTopics.map((e) => e.t.weight)}::float8[], ${episodeTopics.map((e) => e.t.mentions)}::int[])
      ON CONFLICT DO NOTHING`,
    );
    const segmentTopics = draft.topics.flatMap((t, i) =>
      t.segments.map((s) => ({ segmentId: segmentIds[s.segment]!, topicId: topicIds[i]!, weight: s.weight })),
    );
    await queryRows(
      client,
      sql`
      INSERT INTO segment_topics (segment_id, topic_id, weight)
      SELECT * FROM unnest(${segmentTopics.map((l) => l.segmentId)}::text[],
        ${segmentTopics.map((l) => l.topicId)}::text[], ${segmentTopics.map((l) => l.weight)}::float8[])
      ON CONFLICT DO NOTHING`,
    );
    const quoteTopics = draft.topics.flatMap((t, i) =>
      t.quotes.map((q) => ({ quoteId: quoteIds[q.quote]!, topicId: topicIds[i]!, weight: q.weight })),
    );
    await queryRows(
      client,
      sql`
      INSERT INTO quote_topics (quote_id, topic_id, weight)
      SELECT * FROM unnest(${quoteTopics.map((l) => l.quoteId)}::text[],
        ${quoteTopics.map((l) => l.topicId)}::text[], ${quoteTopics.map((l) => l.weight)}::float8[])
      ON CONFLICT DO NOTHING`,
    );
  }

  /** Writes the run's row; returns its id. */
  async function insertRun(
    on: pg.Pool | pg.ClientBase,
    run: RunRecord,
    status: StoredStatus | 'failed',
    episodeId: string | null,
  ): Promise<string> {
    const id = newId('run');
    const finishedAt = new Date();
    const timings = { ...run.timings, totalMs: finishedAt.getTime() - run.startedAt.getTime() };
    await queryRows(
      on,
      sql`
      INSERT INTO ingestion_runs (id, source_name, content_hash, format, episode_id, status, trigger,
                                  api_key_id, counts, warnings, timings, error, started_at, finished_at)
      VALUES (${id}, ${run.sourceName}, ${run.contentHash}, ${run.format}, ${episodeId},
              ${status}::ingest_status, ${run.trigger}, ${run.apiKeyId}, ${JSON.stringify(run.counts)}::jsonb,
              ${JSON.stringify(run.warnings)}::jsonb, ${JSON.stringify(timings)}::jsonb,
              ${run.error ? JSON.stringify(run.error) : null}::jsonb, ${run.startedAt}::timestamptz,
              ${finishedAt}::timestamptz)`,
    );
    return id;
  }

  /** The show's row, found or created. */
  async function upsertShow(client: pg.ClientBase, name: string): Promise<{ id: string }> {
    const slug = identitySlug(name);
    // Each try reads with a new snapshot: a show another ingestion inserted after the first
    // try's snapshot (which the insert waited for) is seen by the second; one a concurrent
    // deletion swept away in between is inserted again.
    for (let attempt = 1; attempt <= 3; attempt++) {
      const [found] = await queryRows<{ id: string }>(
        client,
        sql`WITH inserted AS (
              INSERT INTO shows (id, slug, name) VALUES (${newId('show')}, ${slug}, ${name})
              ON CONFLICT (slug) DO NOTHING RETURNING id
            )
            SELECT id FROM inserted UNION ALL SELECT id FROM shows WHERE slug = ${slug}`,
      );
      if (found) return found;
    }
    throw new Error(`the show "${name}" could not be found or created`);
  }

  async function saveOnce(
    draft: EpisodeDraft,
    sourceName: string,
    contentHash: string,
    run: RunRecord,
  ): Promise<{
    stored: { status: StoredStatus; episode: StoredEpisode; runId: string };
    before?: SharedRefs;
  }> {
    return inTransaction(pool, async (client) => {
      // Serialises ingestions of the same source, or the same content, across processes.
      for (const key of [sourceName, contentHash].sort()) {
        await queryRows(client, sql`SELECT pg_advisory_xact_lock(hashtext(${key}))`);
      }
      const [sameContent] = await queryRows<StoredEpisode>(
        client,
        sql`SELECT id, slug, title FROM episodes WHERE content_hash = ${contentHash} LIMIT 1`,
      );
      if (sameContent) {
        const runId = await insertRun(client, run, 'unchanged', sameContent.id);
        return { stored: { status: 'unchanged' as const, episode: sameContent, runId } };
      }
      const [existing] = await queryRows<StoredEpisode & { showId: string }>(
        client,
        sql`SELECT id, slug, title, show_id AS "showId" FROM episodes WHERE source_name = ${sourceName}`,
      );
      const show = await upsertShow(client, draft.show.name);
      let status: StoredStatus;
      let episode: StoredEpisode;
      let before: SharedRefs | undefined;
      if (existing) {
        status = 'replaced';
        before = await sharedRefsOf(client, existing);
        for (const table of [
          sql`quotes`,
          sql`segments`,
          sql`chapters`,
          sql`episode_people`,
          sql`episode_topics`,
        ])
          await queryRows(client, sql`DELETE FROM ${table} WHERE episode_id = ${existing.id}`);
        await queryRows(
          client,
          sql`UPDATE episodes SET show_id = ${show.id}, title = ${draft.title}, description = ${draft.description},
                published_at = ${draft.publishedAt}::timestamptz, duration_ms = ${draft.durationMs},
                content_hash = ${contentHash}, format = ${draft.format}, language = ${draft.language},
                updated_at = now()
              WHERE id = ${existing.id}`,
        );
        episode = { id: existing.id, slug: existing.slug, title: draft.title };
      } else {
        status = 'created';
        const id = newId('ep');
        const slug = await uniqueSlug(client, draft.title);
        await queryRows(
          client,
          sql`INSERT INTO episodes (id, slug, source_name, show_id, title, description, published_at,
                                    duration_ms, content_hash, format, language)
              VALUES (${id}, ${slug}, ${sourceName}, ${show.id}, ${draft.title}, ${draft.description},
                      ${draft.publishedAt}::timestamptz, ${draft.durationMs}, ${contentHash}, ${draft.format},
                      ${draft.language})`,
        );
        episode = { id, slug, title: draft.title };
      }
      await writeChildren(client, episode.id, draft, sourceName);
      // What only the old version used goes, as when an episode is deleted.
      if (before) await deleteOrphans(client, before);
      await recordChange(pool, client, {
        episodeId: episode.id,
        episodeSlug: episode.slug,
        type: status === 'created' ? 'created' : 'updated',
      });
      const runId = await insertRun(client, run, status, episode.id);
      return { stored: { status, episode, runId }, ...(before ? { before } : {}) };
    });
  }

  return {
    /** Stores the draft, or finds it unchanged; what another writer did to it midway is retried. */
    async save(draft: EpisodeDraft, sourceName: string, contentHash: string, run: RunRecord) {
      const { stored, before } = await retrying(
        () => saveOnce(draft, sourceName, contentHash, run),
        isConcurrentWrite,
      );
      if (before) await sweepAfterCommit(pool, before, log);
      return stored;
    },

    /** The episode already stored from exactly this content, if any. */
    async findByContentHash(contentHash: string): Promise<(StoredEpisode & { format: string }) | null> {
      const [row] = await queryRows<StoredEpisode & { format: string }>(
        pool,
        sql`SELECT id, slug, title, format FROM episodes WHERE content_hash = ${contentHash} LIMIT 1`,
      );
      return row ?? null;
    },

    /** Records a run that wrote no episode: a failure, or content already stored. */
    async recordRun(
      run: RunRecord,
      status: 'failed' | 'unchanged',
      episodeId: string | null,
    ): Promise<string> {
      return insertRun(pool, run, status, episodeId);
    },
  };
}

export type EpisodeStore = ReturnType<typeof createEpisodeStore>;
