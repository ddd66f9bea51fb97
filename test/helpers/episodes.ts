import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { PrismaClient } from '../../src/db/client.js';
import type { IngestService } from '../../src/ingest/ingest.service.js';
import { newId } from '../../src/lib/ids.js';
import { PROJECT_ROOT } from '../../src/lib/paths.js';
import { slugify } from '../../src/lib/text.js';

// Test data for the read API. Ingestion's understanding of people, quotes and topics is still
// changing, so tests that need specific ones insert them here, explicitly, with Prisma.

type Role = 'host' | 'guest' | 'other';
type Kind = 'teaser' | 'intro' | 'interview' | 'outro' | 'ad';

export interface EpisodeSpec {
  show?: string;
  title: string;
  slug?: string;
  publishedAt?: Date | null;
  description?: string;
  people?: { name: string; role: Role; labels?: string[]; title?: string; confidence?: number }[];
  chapters?: { title: string; startMs: number; endMs: number }[];
  /** `speaker` and `chapter` are indexes into `people` and `chapters`. */
  segments?: {
    speaker: number | null;
    text: string;
    startMs: number;
    endMs: number;
    chapter?: number;
    kind?: Kind;
    label?: string;
  }[];
  quotes?: {
    speaker: number | null;
    text: string;
    theme?: string;
    statedMs?: number;
    segment?: number;
    chapter?: number;
    score?: number;
  }[];
  topics?: {
    name: string;
    weight: number;
    mentions?: number;
    segments?: { segment: number; weight: number }[];
    quotes?: { quote: number; weight: number }[];
  }[];
}

export interface InsertedEpisode {
  id: string;
  slug: string;
  showId: string;
  people: { id: string; slug: string; name: string }[];
  chapters: string[];
  segments: string[];
  quotes: string[];
  topics: { id: string; slug: string }[];
}

const words = (text: string) => text.split(/\s+/).filter(Boolean).length;

/** Writes one complete episode — show, people, chapters, segments, quotes, topics — in one transaction. */
export async function insertEpisode(prisma: PrismaClient, spec: EpisodeSpec): Promise<InsertedEpisode> {
  return prisma.$transaction(async (tx) => {
    const showName = spec.show ?? 'Test Bench Radio';
    const show = await tx.show.upsert({
      where: { slug: slugify(showName) },
      create: { id: newId('show'), slug: slugify(showName), name: showName },
      update: {},
    });
    const id = newId('ep');
    const slug = spec.slug ?? slugify(spec.title);
    const segments = spec.segments ?? [];
    await tx.episode.create({
      data: {
        id,
        slug,
        showId: show.id,
        title: spec.title,
        description: spec.description ?? null,
        publishedAt: spec.publishedAt ?? null,
        durationMs: segments.at(-1)?.endMs ?? 0,
        sourceName: `${slug}-${id}.txt`,
        contentHash: id,
        format: 'plain',
      },
    });
    const people: InsertedEpisode['people'] = [];
    for (const p of spec.people ?? []) {
      const row = await tx.person.upsert({
        where: { slug: slugify(p.name) },
        create: { id: newId('per'), slug: slugify(p.name), name: p.name, title: p.title ?? null },
        update: {},
      });
      people.push({ id: row.id, slug: row.slug, name: row.name });
    }
    const chapterIds = (spec.chapters ?? []).map(() => newId('chp'));
    const segmentIds = segments.map(() => newId('seg'));
    const quoteIds = (spec.quotes ?? []).map(() => newId('qt'));
    const at = (ids: string[], i: number | null | undefined) =>
      i === null || i === undefined ? null : ids[i]!;
    const personAt = (i: number | null | undefined) => (i === null || i === undefined ? null : people[i]!.id);
    await tx.chapter.createMany({
      data: (spec.chapters ?? []).map((c, i) => ({
        id: chapterIds[i]!,
        episodeId: id,
        ordinal: i + 1,
        title: c.title,
        startMs: c.startMs,
        endMs: c.endMs,
        firstSegmentId: segmentIds[segments.findIndex((s) => s.chapter === i)] ?? null,
      })),
    });
    await tx.segment.createMany({
      data: segments.map((s, i) => ({
        id: segmentIds[i]!,
        episodeId: id,
        ordinal: i + 1,
        personId: personAt(s.speaker),
        label: s.label ?? (s.speaker === null ? '?' : String.fromCharCode(65 + s.speaker)),
        text: s.text,
        wordCount: words(s.text),
        startMs: s.startMs,
        endMs: s.endMs,
        timing: 'estimated' as const,
        startTiming: 'estimated' as const,
        endTiming: 'estimated' as const,
        chapterId: at(chapterIds, s.chapter),
        kind: s.kind ?? 'interview',
      })),
    });
    await tx.quote.createMany({
      data: (spec.quotes ?? []).map((q, i) => {
        const segment = q.segment === undefined ? undefined : segments[q.segment];
        const charStart = segment ? segment.text.indexOf(q.text) : -1;
        return {
          id: quoteIds[i]!,
          episodeId: id,
          ordinal: i + 1,
          personId: personAt(q.speaker),
          attributedName: q.speaker === null ? null : spec.people![q.speaker]!.name,
          text: q.text,
          theme: q.theme ?? null,
          statedMs: q.statedMs ?? null,
          segmentId: at(segmentIds, q.segment),
          chapterId: at(chapterIds, q.chapter ?? segment?.chapter),
          startMs: segment?.startMs ?? null,
          charStart: charStart >= 0 ? charStart : null,
          charEnd: charStart >= 0 ? charStart + q.text.length : null,
          alignmentScore: q.score ?? (segment ? 1 : 0),
        };
      }),
    });
    await tx.episodePerson.createMany({
      data: (spec.people ?? []).map((p, i) => {
        const own = segments.filter((s) => s.speaker === i);
        return {
          episodeId: id,
          personId: people[i]!.id,
          role: p.role,
          labels: p.labels ?? [String.fromCharCode(65 + i)],
          confidence: p.confidence ?? 0.9,
          evidence: [],
          segmentCount: own.length,
          wordCount: own.reduce((n, s) => n + words(s.text), 0),
          talkMs: own.reduce((n, s) => n + s.endMs - s.startMs, 0),
        };
      }),
    });
    const topics: InsertedEpisode['topics'] = [];
    for (const t of spec.topics ?? []) {
      const row = await tx.topic.upsert({
        where: { slug: slugify(t.name) },
        create: { id: newId('top'), slug: slugify(t.name), name: t.name, kind: 'topic' },
        update: {},
      });
      topics.push({ id: row.id, slug: row.slug });
      await tx.episodeTopic.create({
        data: { episodeId: id, topicId: row.id, weight: t.weight, mentions: t.mentions ?? 1 },
      });
      await tx.segmentTopic.createMany({
        data: (t.segments ?? []).map((s) => ({
          segmentId: segmentIds[s.segment]!,
          topicId: row.id,
          weight: s.weight,
        })),
      });
      await tx.quoteTopic.createMany({
        data: (t.quotes ?? []).map((q) => ({
          quoteId: quoteIds[q.quote]!,
          topicId: row.id,
          weight: q.weight,
        })),
      });
    }
    await tx.episodeChange.create({ data: { episodeId: id, episodeSlug: slug, type: 'created' } });
    return {
      id,
      slug,
      showId: show.id,
      people,
      chapters: chapterIds,
      segments: segmentIds,
      quotes: quoteIds,
      topics,
    };
  });
}

export const FIXTURES = path.join(PROJECT_ROOT, 'test', 'fixtures', 'read-api');

/** Ingests a file from test/fixtures/read-api through the real pipeline. */
export async function ingestFixture(ingest: IngestService, file: string, name = file) {
  const content = await readFile(path.join(FIXTURES, file));
  return ingest.ingest({ name, content, trigger: 'cli' });
}

/** A small transcript in the summary format, distinct per `n`, dated `date` ("May 3, 2024"). */
export function smallTranscript(n: number, date?: string): Buffer {
  return Buffer.from(
    [
      'A',
      `Hello and welcome to episode ${n} of the Tidewater Almanac.`,
      'B',
      `Thanks. Today we chart tide number ${n} and the moon that pulls it.`,
      ...(date ? [`Date: ${date}`] : []),
      `Notes on tide ${n}.`,
      '',
    ].join('\n'),
  );
}

/** The seed transcript, read from seeds/. */
export async function seedTranscript(): Promise<{ name: string; content: Buffer }> {
  const dir = path.join(PROJECT_ROOT, 'seeds');
  const name = '000_3f588ae5e4cd8754.txt';
  return { name, content: await readFile(path.join(dir, name)) };
}

/** Counts the statements a pool runs while `work` does, to prove a request costs a fixed few. */
export async function countQueries<T>(
  pool: { query: (...args: never[]) => unknown },
  work: () => Promise<T>,
): Promise<{ result: T; queries: number }> {
  const original = pool.query;
  let queries = 0;
  pool.query = function (this: unknown, ...args: never[]) {
    queries++;
    return original.apply(this, args);
  };
  try {
    return { result: await work(), queries };
  } finally {
    pool.query = original;
  }
}
