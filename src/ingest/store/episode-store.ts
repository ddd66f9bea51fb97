import { createHash } from 'node:crypto';
import type { Db, Tx } from '../../db/client.js';
import { deleteOrphans, sharedRefsOf, type SharedRefs } from '../../db/orphans.js';
import { newId } from '../../lib/ids.js';
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

const UNIQUE_VIOLATION = 'P2002';

/** Writes understood episodes: everything for one file in one short transaction. */
export function createEpisodeStore(db: Db) {
  const { prisma } = db;

  async function uniqueSlug(tx: Tx, title: string): Promise<string> {
    const base = identitySlug(title);
    const taken = new Set(
      (
        await tx.episode.findMany({
          where: { slug: { startsWith: base } },
          select: { slug: true },
        })
      ).map((e) => e.slug),
    );
    if (!taken.has(base)) return base;
    for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
  }

  /**
   * The id of each slug's row, found or created in one statement (`upsert`: new slugs are
   * inserted, existing ones read as the statement's snapshot saw them). A slug that a
   * concurrent ingestion inserted after that snapshot is read again (`reread`).
   */
  async function idsBySlug(
    slugs: string[],
    upsert: () => Promise<{ id: string; slug: string }[]>,
    reread: (missing: string[]) => Promise<{ id: string; slug: string }[]>,
  ): Promise<Map<string, string>> {
    if (slugs.length === 0) return new Map();
    const ids = new Map((await upsert()).map((r) => [r.slug, r.id]));
    const missing = slugs.filter((slug) => !ids.has(slug));
    if (missing.length) for (const r of await reread(missing)) ids.set(r.slug, r.id);
    return ids;
  }

  async function upsertPeople(tx: Tx, draft: EpisodeDraft, sourceName: string): Promise<string[]> {
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
    const now = new Date();
    const ids = await idsBySlug(
      unique,
      () => tx.$queryRaw<{ id: string; slug: string }[]>`
        WITH input AS (
          SELECT * FROM unnest(${unique.map(() => newId('per'))}::text[], ${unique}::text[],
            ${unique.map((s) => rows.get(s)!.name)}::text[], ${unique.map((s) => rows.get(s)!.title)}::text[])
            AS i(id, slug, name, title)
        ), written AS (
          INSERT INTO people AS p (id, slug, name, title, created_at, updated_at)
          SELECT id, slug, name, title, ${now}::timestamptz, ${now}::timestamptz FROM input ORDER BY slug
          ON CONFLICT (slug) DO UPDATE SET title = excluded.title, updated_at = excluded.updated_at
            WHERE excluded.title IS NOT NULL
          RETURNING p.id, p.slug
        )
        SELECT id, slug FROM written
        UNION ALL
        SELECT p.id, p.slug FROM people p JOIN input i ON i.slug = p.slug
         WHERE p.slug NOT IN (SELECT slug FROM written)`,
      (missing) => tx.person.findMany({ where: { slug: { in: missing } }, select: { id: true, slug: true } }),
    );
    return slugs.map((slug) => ids.get(slug)!);
  }

  async function upsertTopics(tx: Tx, draft: EpisodeDraft): Promise<string[]> {
    const first = new Map<string, DraftTopic>();
    for (const t of draft.topics) if (!first.has(t.slug)) first.set(t.slug, t);
    const unique = [...first.values()];
    const now = new Date();
    const ids = await idsBySlug(
      [...first.keys()],
      () => tx.$queryRaw<{ id: string; slug: string }[]>`
        WITH input AS (
          SELECT * FROM unnest(${unique.map(() => newId('top'))}::text[], ${unique.map((t) => t.slug)}::text[],
            ${unique.map((t) => t.name)}::text[], ${unique.map((t) => t.kind)}::text[])
            AS i(id, slug, name, kind)
        ), inserted AS (
          INSERT INTO topics (id, slug, name, kind, created_at)
          SELECT id, slug, name, kind::topic_kind, ${now}::timestamptz FROM input ORDER BY slug
          ON CONFLICT (slug) DO NOTHING
          RETURNING id, slug
        )
        SELECT id, slug FROM inserted
        UNION ALL
        SELECT t.id, t.slug FROM topics t JOIN input i ON i.slug = t.slug`,
      (missing) => tx.topic.findMany({ where: { slug: { in: missing } }, select: { id: true, slug: true } }),
    );
    return draft.topics.map((t) => ids.get(t.slug)!);
  }

  async function writeChildren(
    tx: Tx,
    episodeId: string,
    draft: EpisodeDraft,
    sourceName: string,
  ): Promise<void> {
    const personIds = await upsertPeople(tx, draft, sourceName);
    const topicIds = await upsertTopics(tx, draft);
    const segmentIds = draft.segments.map(() => newId('seg'));
    const chapterIds = draft.chapters.map(() => newId('chp'));
    const quoteIds = draft.quotes.map(() => newId('qt'));
    const at = <T>(ids: T[], i: number | null): T | null => (i === null ? null : (ids[i] ?? null));

    // Rows go in as one array per column: Postgres reads these far faster than Prisma builds
    // and binds a VALUES list of a dozen parameters per row (measured by bench/ingest-probe.ts).
    const { chapters, segments, quotes } = draft;
    await tx.$executeRaw`
      INSERT INTO chapters (episode_id, id, ordinal, title, start_ms, end_ms, first_segment_id)
      SELECT ${episodeId}, * FROM unnest(
        ${chapterIds}::text[], ${chapters.map((_, i) => i + 1)}::int[], ${chapters.map((c) => c.title)}::text[],
        ${chapters.map((c) => c.startMs)}::int[], ${chapters.map((c) => c.endMs)}::int[],
        ${chapters.map((c) => at(segmentIds, c.firstSegment))}::text[])`;
    await tx.$executeRaw`
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
        ${segments.map((s) => at(chapterIds, s.chapter))}::text[], ${segments.map((s) => s.kind)}::segment_kind[])`;
    await tx.$executeRaw`
      INSERT INTO quotes (episode_id, id, ordinal, person_id, attributed_name, text, theme, stated_ms,
                          segment_id, chapter_id, start_ms, char_start, char_end, alignment_score)
      SELECT ${episodeId}, * FROM unnest(
        ${quoteIds}::text[], ${quotes.map((_, i) => i + 1)}::int[], ${quotes.map((q) => at(personIds, q.person))}::text[],
        ${quotes.map((q) => q.attributedName)}::text[], ${quotes.map((q) => q.text)}::text[],
        ${quotes.map((q) => q.theme)}::text[], ${quotes.map((q) => q.statedMs)}::int[],
        ${quotes.map((q) => at(segmentIds, q.segment))}::text[], ${quotes.map((q) => at(chapterIds, q.chapter))}::text[],
        ${quotes.map((q) => q.startMs)}::int[], ${quotes.map((q) => q.charStart)}::int[],
        ${quotes.map((q) => q.charEnd)}::int[], ${quotes.map((q) => q.alignmentScore)}::float8[])`;
    // Two draft people can share a slug only if understanding failed to merge them;
    // the first keeps the participation row.
    const seen = new Set<string>();
    await tx.episodePerson.createMany({
      data: draft.people.flatMap((p, i) => {
        const personId = personIds[i]!;
        if (seen.has(personId)) return [];
        seen.add(personId);
        const own = draft.segments.filter((s) => s.person === i);
        return [
          {
            episodeId,
            personId,
            role: p.role,
            labels: p.labels,
            confidence: p.confidence,
            evidence: p.evidence as object[],
            segmentCount: own.length,
            wordCount: own.reduce((n, s) => n + s.wordCount, 0),
            talkMs: own.reduce((n, s) => n + (s.endMs - s.startMs), 0),
          },
        ];
      }),
    });
    const episodeTopics = draft.topics.map((t, i) => ({ topicId: topicIds[i]!, t }));
    await tx.$executeRaw`
      INSERT INTO episode_topics (episode_id, topic_id, weight, mentions)
      SELECT ${episodeId}, * FROM unnest(${episodeTopics.map((e) => e.topicId)}::text[],
        ${episodeTopics.map((e) => e.t.weight)}::float8[], ${episodeTopics.map((e) => e.t.mentions)}::int[])
      ON CONFLICT DO NOTHING`;
    const segmentTopics = draft.topics.flatMap((t, i) =>
      t.segments.map((s) => ({ segmentId: segmentIds[s.segment]!, topicId: topicIds[i]!, weight: s.weight })),
    );
    await tx.$executeRaw`
      INSERT INTO segment_topics (segment_id, topic_id, weight)
      SELECT * FROM unnest(${segmentTopics.map((l) => l.segmentId)}::text[],
        ${segmentTopics.map((l) => l.topicId)}::text[], ${segmentTopics.map((l) => l.weight)}::float8[])
      ON CONFLICT DO NOTHING`;
    const quoteTopics = draft.topics.flatMap((t, i) =>
      t.quotes.map((q) => ({ quoteId: quoteIds[q.quote]!, topicId: topicIds[i]!, weight: q.weight })),
    );
    await tx.$executeRaw`
      INSERT INTO quote_topics (quote_id, topic_id, weight)
      SELECT * FROM unnest(${quoteTopics.map((l) => l.quoteId)}::text[],
        ${quoteTopics.map((l) => l.topicId)}::text[], ${quoteTopics.map((l) => l.weight)}::float8[])
      ON CONFLICT DO NOTHING`;
  }

  function runData(run: RunRecord, status: StoredStatus | 'failed', episodeId: string | null) {
    const finishedAt = new Date();
    return {
      id: newId('run'),
      sourceName: run.sourceName,
      contentHash: run.contentHash,
      format: run.format,
      episodeId,
      status,
      trigger: run.trigger,
      apiKeyId: run.apiKeyId,
      counts: run.counts,
      warnings: run.warnings as object[],
      timings: { ...run.timings, totalMs: finishedAt.getTime() - run.startedAt.getTime() },
      ...(run.error ? { error: run.error } : {}),
      startedAt: run.startedAt,
      finishedAt,
    };
  }

  async function saveOnce(
    draft: EpisodeDraft,
    sourceName: string,
    contentHash: string,
    run: RunRecord,
  ): Promise<{ status: StoredStatus; episode: StoredEpisode; runId: string }> {
    return prisma.$transaction(
      async (tx) => {
        // Serialises ingestions of the same source, or the same content, across processes.
        for (const key of [sourceName, contentHash].sort()) {
          await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${key}))`;
        }
        const select = { id: true, slug: true, title: true } as const;
        const sameContent = await tx.episode.findFirst({ where: { contentHash }, select });
        if (sameContent) {
          const data = runData(run, 'unchanged', sameContent.id);
          await tx.ingestionRun.create({ data });
          return { status: 'unchanged' as const, episode: sameContent, runId: data.id };
        }
        const existing = await tx.episode.findUnique({
          where: { sourceName },
          select: { ...select, showId: true },
        });
        const showSlug = identitySlug(draft.show.name);
        const show = await tx.show.upsert({
          where: { slug: showSlug },
          create: { id: newId('show'), slug: showSlug, name: draft.show.name },
          update: {},
          select: { id: true },
        });
        const fields = {
          showId: show.id,
          title: draft.title,
          description: draft.description,
          publishedAt: draft.publishedAt,
          durationMs: draft.durationMs,
          contentHash,
          format: draft.format,
          language: draft.language,
        };
        let status: StoredStatus;
        let episode: StoredEpisode;
        let before: SharedRefs | undefined;
        if (existing) {
          status = 'replaced';
          before = await sharedRefsOf(tx, existing);
          const where = { episodeId: existing.id };
          await tx.quote.deleteMany({ where });
          await tx.segment.deleteMany({ where });
          await tx.chapter.deleteMany({ where });
          await tx.episodePerson.deleteMany({ where });
          await tx.episodeTopic.deleteMany({ where });
          await tx.episode.update({ where: { id: existing.id }, data: fields });
          episode = { id: existing.id, slug: existing.slug, title: draft.title };
        } else {
          status = 'created';
          const id = newId('ep');
          const slug = await uniqueSlug(tx, draft.title);
          await tx.episode.create({ data: { id, slug, sourceName, ...fields } });
          episode = { id, slug, title: draft.title };
        }
        await writeChildren(tx, episode.id, draft, sourceName);
        // What only the old version used goes, as when an episode is deleted.
        if (before) await deleteOrphans(tx, before);
        await tx.episodeChange.create({
          data: {
            episodeId: episode.id,
            episodeSlug: episode.slug,
            type: status === 'created' ? 'created' : 'updated',
          },
        });
        const data = runData(run, status, episode.id);
        await tx.ingestionRun.create({ data });
        return { status, episode, runId: data.id };
      },
      { timeout: 60_000, maxWait: 10_000 },
    );
  }

  return {
    /** Stores the draft, or finds it unchanged; a concurrent slug clash is retried. */
    async save(draft: EpisodeDraft, sourceName: string, contentHash: string, run: RunRecord) {
      for (let attempt = 1; ; attempt++) {
        try {
          return await saveOnce(draft, sourceName, contentHash, run);
        } catch (err) {
          if ((err as { code?: string }).code !== UNIQUE_VIOLATION || attempt >= 3) throw err;
        }
      }
    },

    /** The episode already stored from exactly this content, if any. */
    async findByContentHash(contentHash: string): Promise<(StoredEpisode & { format: string }) | null> {
      return prisma.episode.findFirst({
        where: { contentHash },
        select: { id: true, slug: true, title: true, format: true },
      });
    },

    /** Records a run that wrote no episode: a failure, or content already stored. */
    async recordRun(
      run: RunRecord,
      status: 'failed' | 'unchanged',
      episodeId: string | null,
    ): Promise<string> {
      const data = runData(run, status, episodeId);
      await prisma.ingestionRun.create({ data });
      return data.id;
    },
  };
}

export type EpisodeStore = ReturnType<typeof createEpisodeStore>;
