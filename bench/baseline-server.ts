import Fastify from 'fastify';
import pg from 'pg';

// The ceiling the read routes are measured against: a bare Fastify app with plain pg that
// sends the same SQL statements as the API's routes and answers the same JSON, with no
// validation, schemas, hooks or Prisma. Keep the statements in step with the repositories
// (episodes, quotes and segments; captured from the API's pg traffic).

type Row = Record<string, unknown>;

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
const app = Fastify({ logger: false });

const PERSON = `json_build_object('id', p.id, 'slug', p.slug, 'name', p.name, 'title', p.title)`;
const EPISODE_PAGE = `SELECT e.id, e.slug, e.title, e.published_at AS "publishedAt", e.duration_ms AS "durationMs",
    e.description, e.language, e.created_at AS "createdAt", e.updated_at AS "updatedAt",
    json_build_object('id', s.id, 'slug', s.slug, 'name', s.name) AS show,
    (SELECT coalesce(json_agg(json_build_object(
      'id', p.id, 'slug', p.slug, 'name', p.name, 'title', p.title, 'role', ep.role,
      'labels', ep.labels, 'confidence', ep.confidence, 'segmentCount', ep.segment_count,
      'wordCount', ep.word_count, 'talkMs', ep.talk_ms)
    ORDER BY ep.role, ep.talk_ms DESC, ep.person_id), '[]')
    FROM episode_people ep JOIN people p ON p.id = ep.person_id WHERE ep.episode_id = e.id) AS people,
    (SELECT coalesce(json_agg(json_build_object(
      'id', c.id, 'ordinal', c.ordinal, 'title', c.title, 'startMs', c.start_ms, 'endMs', c.end_ms,
      'firstSegmentId', c.first_segment_id)
    ORDER BY c.ordinal), '[]')
    FROM chapters c WHERE c.episode_id = e.id) AS chapters,
    (SELECT coalesce(json_agg(json_build_object(
      'id', q.id, 'episodeId', q.episode_id, 'ordinal', q.ordinal, 'personId', q.person_id,
      'attributedName', q.attributed_name, 'text', q.text, 'theme', q.theme, 'statedMs', q.stated_ms,
      'segmentId', q.segment_id, 'chapterId', q.chapter_id, 'startMs', q.start_ms,
      'charStart', q.char_start, 'charEnd', q.char_end, 'alignmentScore', q.alignment_score,
      'person', CASE WHEN p.id IS NULL THEN NULL ELSE ${PERSON} END,
      'role', qp.role,
      'chapter', CASE WHEN c.id IS NULL THEN NULL
        ELSE json_build_object('id', c.id, 'ordinal', c.ordinal, 'title', c.title) END)
    ORDER BY q.ordinal), '[]')
    FROM quotes q
    LEFT JOIN people p ON p.id = q.person_id
    LEFT JOIN episode_people qp ON qp.episode_id = q.episode_id AND qp.person_id = q.person_id
    LEFT JOIN chapters c ON c.id = q.chapter_id
    WHERE q.episode_id = e.id) AS quotes
  FROM episodes e JOIN shows s ON s.id = e.show_id
  WHERE e.id = $1 OR e.slug = $2
  LIMIT 1`;
const PERSON_QUOTES = `SELECT q.id, q.episode_id AS "episodeId", q.ordinal, q.person_id AS "personId",
    q.attributed_name AS "attributedName", q.text, q.theme, q.stated_ms AS "statedMs",
    q.segment_id AS "segmentId", q.chapter_id AS "chapterId", q.start_ms AS "startMs",
    q.char_start AS "charStart", q.char_end AS "charEnd", q.alignment_score AS "alignmentScore",
    e.slug AS "episodeSlug", e.title AS "episodeTitle", e.published_at AS "episodePublishedAt",
    p.slug AS "personSlug", p.name AS "personName", p.title AS "personTitle", ep.role,
    c.ordinal AS "chapterOrdinal", c.title AS "chapterTitle"
  FROM quotes q
  JOIN episodes e ON e.id = q.episode_id
  LEFT JOIN people p ON p.id = q.person_id
  LEFT JOIN episode_people ep ON ep.episode_id = q.episode_id AND ep.person_id = q.person_id
  LEFT JOIN chapters c ON c.id = q.chapter_id
  WHERE q.person_id = (SELECT id FROM people WHERE id = $1 OR slug = $2 LIMIT 1) AND TRUE
  ORDER BY coalesce(e.published_at, '-infinity'::timestamptz) DESC, q.episode_id DESC, q.ordinal ASC
  LIMIT $3`;
const SEGMENTS = `WITH ep AS (SELECT id FROM episodes WHERE id = $1 OR slug = $2 LIMIT 1)
  SELECT s.id, s.episode_id AS "episodeId", s.ordinal, s.label, s.text, s.word_count AS "wordCount",
    s.start_ms AS "startMs", s.end_ms AS "endMs", s.timing, s.start_timing AS "startTiming",
    s.end_timing AS "endTiming", s.chapter_id AS "chapterId", s.kind,
    s.person_id AS "personId", p.slug AS "personSlug", p.name AS "personName",
    p.title AS "personTitle", epp.role
  FROM ep
  JOIN segments s ON s.episode_id = ep.id
  LEFT JOIN people p ON p.id = s.person_id
  LEFT JOIN episode_people epp ON epp.episode_id = s.episode_id AND epp.person_id = s.person_id
  WHERE TRUE
  ORDER BY s.ordinal
  LIMIT $3`;

// Prepared once per connection, as the API's repositories do (src/db/sql.ts).
const names = new Map([EPISODE_PAGE, PERSON_QUOTES, SEGMENTS].map((text, i) => [text, `baseline_${i}`]));

async function rows(text: string, values: unknown[]): Promise<Row[]> {
  return (await pool.query({ name: names.get(text), text, values })).rows as Row[];
}
const iso = (d: unknown) => (d instanceof Date ? d.toISOString() : null);
const link = (slug: unknown, ms: unknown) =>
  `/v1/episodes/${encodeURIComponent(String(slug))}${ms === null ? '' : `#t=${Math.round(Number(ms)) / 1000}`}`;
const speaker = (id: unknown, slug: unknown, name: unknown, title: unknown, role: unknown) =>
  id ? { id, slug, name, title, ...(role ? { role } : {}) } : null;

function quote(q: Row, episode: Row, person: unknown, chapter: unknown) {
  return {
    id: q.id,
    episodeId: q.episodeId,
    ordinal: q.ordinal,
    text: q.text,
    theme: q.theme,
    speaker: person,
    attributedName: q.attributedName,
    statedMs: q.statedMs,
    segmentId: q.segmentId,
    chapterId: q.chapterId,
    startMs: q.startMs,
    alignment: { score: q.alignmentScore, charStart: q.charStart, charEnd: q.charEnd },
    episode: { id: episode.id, slug: episode.slug, title: episode.title },
    chapter,
    url: link(episode.slug, q.startMs ?? q.statedMs),
  };
}

app.get('/health', async () => ({ status: 'ok' }));

app.get<{ Params: { id: string } }>('/v1/episodes/:id', async (req, reply) => {
  const [e] = await rows(EPISODE_PAGE, [req.params.id, req.params.id]);
  if (!e) return reply.code(404).send({ status: 404 });
  return {
    ...e,
    publishedAt: iso(e.publishedAt),
    createdAt: iso(e.createdAt),
    updatedAt: iso(e.updatedAt),
    quotes: (e.quotes as Row[]).map((q) => {
      const p = q.person as Row | null;
      return quote(q, e, p && speaker(p.id, p.slug, p.name, p.title, q.role), q.chapter);
    }),
  };
});

app.get<{ Querystring: { person: string; limit?: string } }>('/v1/quotes', async (req) => {
  const limit = Number(req.query.limit ?? 20);
  const found = await rows(PERSON_QUOTES, [req.query.person, req.query.person, limit + 1]);
  return {
    data: found
      .slice(0, limit)
      .map((q) =>
        quote(
          q,
          { id: q.episodeId, slug: q.episodeSlug, title: q.episodeTitle },
          speaker(q.personId, q.personSlug, q.personName, q.personTitle, q.role),
          q.chapterId ? { id: q.chapterId, ordinal: q.chapterOrdinal, title: q.chapterTitle } : null,
        ),
      ),
    page: { nextCursor: found.length > limit ? 'next' : null, limit },
  };
});

app.get<{ Params: { id: string }; Querystring: { limit?: string } }>(
  '/v1/episodes/:id/segments',
  async (req) => {
    const limit = Number(req.query.limit ?? 20);
    const found = await rows(SEGMENTS, [req.params.id, req.params.id, limit + 1]);
    return {
      data: found.slice(0, limit).map((s) => ({
        id: s.id,
        episodeId: s.episodeId,
        ordinal: s.ordinal,
        speaker: speaker(s.personId, s.personSlug, s.personName, s.personTitle, s.role),
        label: s.label,
        text: s.text,
        wordCount: s.wordCount,
        startMs: s.startMs,
        endMs: s.endMs,
        timing: s.timing,
        startTiming: s.startTiming,
        endTiming: s.endTiming,
        chapterId: s.chapterId,
        kind: s.kind,
      })),
      page: { nextCursor: found.length > limit ? 'next' : null, limit },
    };
  },
);

await app.listen({ port: Number(process.env.PORT ?? 0), host: process.env.HOST ?? '127.0.0.1' });
const stop = () => void app.close().then(() => pool.end());
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
