import Fastify from 'fastify';
import pg from 'pg';

// The ceiling the read routes are measured against: a bare Fastify app with plain pg that
// sends the same SQL statements as the API's routes, in the same order and parallelism, and
// answers the same JSON, with no validation, schemas, hooks or Prisma. Keep the statements
// in step with the repositories (they were captured from the API's pg traffic).

type Row = Record<string, unknown>;
type WithPerson = Row & { person: Row | undefined };

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
const app = Fastify({ logger: false });

const EPISODE = `SELECT "public"."episodes"."id", "public"."episodes"."slug", "public"."episodes"."title", "public"."episodes"."published_at", "public"."episodes"."duration_ms", "public"."episodes"."description", "public"."episodes"."language", "public"."episodes"."created_at", "public"."episodes"."updated_at", "public"."episodes"."show_id" FROM "public"."episodes" WHERE ("public"."episodes"."id" = $1 OR "public"."episodes"."slug" = $2) LIMIT $3 OFFSET $4`;
const SHOWS = `SELECT "public"."shows"."id", "public"."shows"."slug", "public"."shows"."name" FROM "public"."shows" WHERE "public"."shows"."id" IN ($1) OFFSET $2`;
const EPISODE_PEOPLE = `SELECT "public"."episode_people"."episode_id", "public"."episode_people"."person_id", "public"."episode_people"."role"::text, "public"."episode_people"."labels", "public"."episode_people"."confidence", "public"."episode_people"."segment_count", "public"."episode_people"."word_count", "public"."episode_people"."talk_ms" FROM "public"."episode_people" WHERE "public"."episode_people"."episode_id" = $1 ORDER BY "public"."episode_people"."role" ASC, "public"."episode_people"."talk_ms" DESC, "public"."episode_people"."person_id" ASC OFFSET $2`;
const CHAPTERS = `SELECT "public"."chapters"."id", "public"."chapters"."ordinal", "public"."chapters"."title", "public"."chapters"."start_ms", "public"."chapters"."end_ms", "public"."chapters"."first_segment_id" FROM "public"."chapters" WHERE "public"."chapters"."episode_id" = $1 ORDER BY "public"."chapters"."ordinal" ASC OFFSET $2`;
const QUOTE_COLUMNS = `"public"."quotes"."id", "public"."quotes"."episode_id", "public"."quotes"."ordinal", "public"."quotes"."person_id", "public"."quotes"."attributed_name", "public"."quotes"."text", "public"."quotes"."theme", "public"."quotes"."stated_ms", "public"."quotes"."segment_id", "public"."quotes"."chapter_id", "public"."quotes"."start_ms", "public"."quotes"."char_start", "public"."quotes"."char_end", "public"."quotes"."alignment_score"`;
const EPISODE_QUOTES = `SELECT ${QUOTE_COLUMNS} FROM "public"."quotes" WHERE "public"."quotes"."episode_id" = $1 ORDER BY "public"."quotes"."ordinal" ASC OFFSET $2`;
const PERSON_ID = `SELECT "public"."people"."id" FROM "public"."people" WHERE ("public"."people"."id" = $1 OR "public"."people"."slug" = $2) LIMIT $3 OFFSET $4`;
const QUOTE_IDS = `
        SELECT q.id FROM quotes q JOIN episodes e ON e.id = q.episode_id
        WHERE q.person_id = $1 AND TRUE
        ORDER BY coalesce(e.published_at, '-infinity'::timestamptz) DESC, q.episode_id DESC, q.ordinal ASC
        LIMIT $2`;
const EPISODE_REF = `SELECT "public"."episodes"."id", "public"."episodes"."slug", "public"."episodes"."title" FROM "public"."episodes" WHERE ("public"."episodes"."id" = $1 OR "public"."episodes"."slug" = $2) LIMIT $3 OFFSET $4`;
const SEGMENTS = `SELECT "public"."segments"."id", "public"."segments"."episode_id", "public"."segments"."ordinal", "public"."segments"."label", "public"."segments"."text", "public"."segments"."word_count", "public"."segments"."start_ms", "public"."segments"."end_ms", "public"."segments"."timing"::text, "public"."segments"."chapter_id", "public"."segments"."kind"::text, "public"."segments"."person_id" FROM "public"."segments" WHERE "public"."segments"."episode_id" = $1 ORDER BY "public"."segments"."ordinal" ASC LIMIT $2 OFFSET $3`;

/** `SELECT … WHERE <column> IN ($1, …) OFFSET $n`, as Prisma loads a relation. */
function inList(select: string, column: string, ids: unknown[]): [string, unknown[]] {
  const marks = ids.map((_, i) => `$${i + 1}`).join(',');
  return [`${select} WHERE ${column} IN (${marks}) OFFSET $${ids.length + 1}`, [...ids, 0]];
}
const PEOPLE = `SELECT "public"."people"."id", "public"."people"."slug", "public"."people"."name", "public"."people"."title" FROM "public"."people"`;
const EPISODES_BY_ID = `SELECT "public"."episodes"."id", "public"."episodes"."slug", "public"."episodes"."title", "public"."episodes"."published_at" FROM "public"."episodes"`;
const CHAPTER_REFS = `SELECT "public"."chapters"."id", "public"."chapters"."ordinal", "public"."chapters"."title" FROM "public"."chapters"`;
const QUOTES_BY_ID = `SELECT ${QUOTE_COLUMNS} FROM "public"."quotes"`;
const ROLES = `SELECT "public"."episode_people"."episode_id", "public"."episode_people"."person_id", "public"."episode_people"."role"::text FROM "public"."episode_people"`;

async function rows(text: string, values: unknown[]): Promise<Row[]> {
  return (await pool.query(text, values)).rows as Row[];
}
const byId = (list: Row[]) => new Map(list.map((r) => [r.id as string, r]));
const person = (p: Row | undefined, role?: unknown) =>
  p ? { id: p.id, slug: p.slug, name: p.name, title: p.title, ...(role ? { role } : {}) } : null;
const link = (slug: unknown, ms: unknown) =>
  `/v1/episodes/${encodeURIComponent(String(slug))}${ms === null ? '' : `#t=${Math.round(Number(ms)) / 1000}`}`;

function quote(q: Row, episode: Row, speaker: unknown, chapter: Row | undefined) {
  return {
    id: q.id,
    episodeId: q.episode_id,
    ordinal: q.ordinal,
    text: q.text,
    theme: q.theme,
    speaker,
    attributedName: q.attributed_name,
    statedMs: q.stated_ms,
    segmentId: q.segment_id,
    chapterId: q.chapter_id,
    startMs: q.start_ms,
    alignment: { score: q.alignment_score, charStart: q.char_start, charEnd: q.char_end },
    episode: { id: episode.id, slug: episode.slug, title: episode.title },
    chapter: chapter ? { id: chapter.id, ordinal: chapter.ordinal, title: chapter.title } : null,
    url: link(episode.slug, q.start_ms ?? q.stated_ms),
  };
}

app.get('/health', async () => ({ status: 'ok' }));

app.get<{ Params: { id: string } }>('/v1/episodes/:id', async (req, reply) => {
  const [e] = await rows(EPISODE, [req.params.id, req.params.id, 1, 0]);
  if (!e) return reply.code(404).send({ status: 404 });
  const [show] = await rows(SHOWS, [e.show_id, 0]);
  const [appearances, chapters, quotes] = await Promise.all([
    rows(EPISODE_PEOPLE, [e.id, 0]).then(async (list) => {
      const people = byId(
        list.length
          ? await rows(
              ...inList(
                PEOPLE,
                '"public"."people"."id"',
                list.map((a) => a.person_id),
              ),
            )
          : [],
      );
      return list.map((a): WithPerson => ({ ...a, person: people.get(a.person_id as string) }));
    }),
    rows(CHAPTERS, [e.id, 0]),
    rows(EPISODE_QUOTES, [e.id, 0]),
  ]);
  const speakers = new Map(appearances.map((a) => [a.person_id, person(a.person, a.role)]));
  const chapterOf = byId(chapters);
  return {
    id: e.id,
    slug: e.slug,
    title: e.title,
    show: { id: show!.id, slug: show!.slug, name: show!.name },
    publishedAt: (e.published_at as Date | null)?.toISOString() ?? null,
    durationMs: e.duration_ms,
    description: e.description,
    language: e.language,
    createdAt: (e.created_at as Date).toISOString(),
    updatedAt: (e.updated_at as Date).toISOString(),
    people: appearances.map((a) => ({
      person: person(a.person),
      role: a.role,
      labels: a.labels,
      confidence: a.confidence,
      segmentCount: a.segment_count,
      wordCount: a.word_count,
      talkMs: a.talk_ms,
    })),
    chapters: chapters.map((c) => ({
      id: c.id,
      ordinal: c.ordinal,
      title: c.title,
      startMs: c.start_ms,
      endMs: c.end_ms,
      firstSegmentId: c.first_segment_id,
    })),
    quotes: quotes.map((q) =>
      quote(q, e, speakers.get(q.person_id) ?? null, chapterOf.get(q.chapter_id as string)),
    ),
  };
});

app.get<{ Querystring: { person: string; limit?: string } }>('/v1/quotes', async (req) => {
  const limit = Number(req.query.limit ?? 20);
  const [p] = await rows(PERSON_ID, [req.query.person, req.query.person, 1, 0]);
  if (!p) return { data: [], page: { nextCursor: null, limit } };
  const ids = (await rows(QUOTE_IDS, [p.id, limit + 1])).map((r) => r.id);
  if (ids.length === 0) return { data: [], page: { nextCursor: null, limit } };
  const quotes = await rows(...inList(QUOTES_BY_ID, '"public"."quotes"."id"', ids));
  const people = byId(
    await rows(
      ...inList(
        PEOPLE,
        '"public"."people"."id"',
        quotes.map((q) => q.person_id),
      ),
    ),
  );
  const episodes = byId(
    await rows(
      ...inList(
        EPISODES_BY_ID,
        '"public"."episodes"."id"',
        quotes.map((q) => q.episode_id),
      ),
    ),
  );
  const chapters = byId(
    await rows(
      ...inList(
        CHAPTER_REFS,
        '"public"."chapters"."id"',
        quotes.map((q) => q.chapter_id),
      ),
    ),
  );
  const roles = await rows(
    ...inList(ROLES, '"public"."episode_people"."episode_id"', [...new Set(quotes.map((q) => q.episode_id))]),
  );
  const roleOf = new Map(roles.map((r) => [`${r.episode_id} ${r.person_id}`, r.role]));
  const order = byId(quotes);
  const page = ids.slice(0, limit).map((id) => order.get(id as string)!);
  return {
    data: page.map((q) =>
      quote(
        q,
        episodes.get(q.episode_id as string)!,
        person(people.get(q.person_id as string), roleOf.get(`${q.episode_id} ${q.person_id}`)),
        chapters.get(q.chapter_id as string),
      ),
    ),
    page: { nextCursor: ids.length > limit ? 'next' : null, limit },
  };
});

app.get<{ Params: { id: string }; Querystring: { limit?: string } }>(
  '/v1/episodes/:id/segments',
  async (req, reply) => {
    const limit = Number(req.query.limit ?? 20);
    const [e] = await rows(EPISODE_REF, [req.params.id, req.params.id, 1, 0]);
    if (!e) return reply.code(404).send({ status: 404 });
    const [segments, roles] = await Promise.all([
      rows(SEGMENTS, [e.id, limit + 1, 0]).then(async (list) => {
        const ids = list.map((s) => s.person_id).filter((id) => id !== null);
        const people = byId(ids.length ? await rows(...inList(PEOPLE, '"public"."people"."id"', ids)) : []);
        return list.map((s): WithPerson => ({ ...s, person: people.get(s.person_id as string) }));
      }),
      rows(...inList(ROLES, '"public"."episode_people"."episode_id"', [e.id])),
    ]);
    const roleOf = new Map(roles.map((r) => [r.person_id, r.role]));
    return {
      data: segments.slice(0, limit).map((s) => ({
        id: s.id,
        episodeId: s.episode_id,
        ordinal: s.ordinal,
        speaker: person(s.person, roleOf.get(s.person_id)),
        label: s.label,
        text: s.text,
        wordCount: s.word_count,
        startMs: s.start_ms,
        endMs: s.end_ms,
        timing: s.timing,
        chapterId: s.chapter_id,
        kind: s.kind,
      })),
      page: { nextCursor: segments.length > limit ? 'next' : null, limit },
    };
  },
);

await app.listen({ port: Number(process.env.PORT ?? 0), host: process.env.HOST ?? '127.0.0.1' });
const stop = () => void app.close().then(() => pool.end());
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
