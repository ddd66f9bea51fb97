import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../../../src/lib/paths.js';
import { createTestApp, type TestApp } from '../../../helpers/app.js';
import { fixture } from '../../../helpers/formats.js';
import { episodeRowCounts } from '../../../helpers/ingest.js';
import { apiKey, bearer } from '../../../helpers/keys.js';

const SEED = path.join(PROJECT_ROOT, 'seeds', '000_3f588ae5e4cd8754.txt');

/**
 * A small diarized transcript with a summary: the host (label A) is the same in every
 * episode, the guest and the guest's diarization label vary.
 */
function transcript(guest: string, topic: string, guestLabel = 'B'): string {
  return `Loading summary
A
Welcome to Tidewater Notes, I'm Ingrid Solberg.
${guestLabel}
Thanks Ingrid, I'm ${guest}, and I have spent years on ${topic}.
A
What surprised you most about ${topic}?
${guestLabel}
Mostly how much ${topic} depends on patient record keeping by ordinary people.
Guest: ${guest}, Researcher
Host: Ingrid Solberg
Date: April 9, 2025
A conversation about ${topic}.
Quote:
“${topic} depends on patient record keeping by ordinary people”
— ${guest} ([00:30])
`;
}

async function multipart(parts: Record<string, { content: string; filename?: string; type?: string }>) {
  const form = new FormData();
  for (const [field, part] of Object.entries(parts)) {
    if (part.filename)
      form.append(field, new Blob([part.content], { type: part.type ?? 'text/plain' }), part.filename);
    else form.append(field, part.content);
  }
  const encoded = new Response(form);
  return {
    payload: Buffer.from(await encoded.arrayBuffer()),
    headers: { 'content-type': encoded.headers.get('content-type')! },
  };
}

describe('POST /v1/episodes', () => {
  let t: TestApp;
  let ingest: Record<string, string>;
  beforeAll(async () => {
    t = await createTestApp();
    ingest = bearer(await apiKey(t.app, ['ingest'], 'uploader'));
  });
  afterAll(() => t.close());

  const upload = (name: string, payload: string | Buffer, type = 'text/plain') =>
    t.app.inject({
      method: 'POST',
      url: `/v1/episodes?name=${encodeURIComponent(name)}`,
      headers: { ...ingest, 'content-type': type },
      payload,
    });

  it('creates an episode from the seed (201), then recognises the same upload (200 "unchanged")', async () => {
    const seed = await readFile(SEED);
    const first = await upload('000_3f588ae5e4cd8754.txt', seed);
    expect(first.statusCode).toBe(201);
    const body = first.json();
    expect(body.result).toBe('created');
    expect(first.headers.location).toBe(`/v1/episodes/${body.episode.slug}`);
    expect(body.episode).toMatchObject({
      id: expect.stringMatching(/^ep_/),
      show: { name: expect.any(String) },
    });
    expect(body.ingestion).toMatchObject({
      id: expect.stringMatching(/^run_/),
      sourceName: '000_3f588ae5e4cd8754.txt',
      format: 'summary-transcript',
      warnings: expect.any(Array),
    });
    expect(body.ingestion.counts.segments).toBeGreaterThan(0);
    const fetched = await t.app.inject(`/v1/episodes/${body.episode.id}`);
    expect(fetched.json()).toEqual(body.episode);

    const before = await episodeRowCounts(t.database);
    const again = await upload('000_3f588ae5e4cd8754.txt', seed);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ result: 'unchanged', episode: { id: body.episode.id } });
    expect(await episodeRowCounts(t.database)).toEqual(before);

    const runs = await t.database.db.pool.query(
      `SELECT r.trigger, r.status, k.name FROM ingestion_runs r JOIN api_keys k ON k.id = r.api_key_id
       WHERE r.source_name = '000_3f588ae5e4cd8754.txt' ORDER BY r.started_at`,
    );
    expect(runs.rows).toEqual([
      { trigger: 'http', status: 'created', name: 'uploader' },
      { trigger: 'http', status: 'unchanged', name: 'uploader' },
    ]);
  });

  it('replaces the episode uploaded under the same name when its content changes (200 "replaced")', async () => {
    const first = await upload('estuaries.txt', transcript('Kofi Mensah', 'estuary mapping'));
    expect(first.statusCode).toBe(201);
    const second = await upload('estuaries.txt', transcript('Kofi Mensah', 'estuary sediment'));
    expect(second.statusCode).toBe(200);
    expect(second.json()).toMatchObject({
      result: 'replaced',
      episode: { id: first.json().episode.id, slug: first.json().episode.slug },
    });
  });

  it('takes a multipart file with a sidecar, named by its filename', async () => {
    const form = await multipart({
      file: { content: transcript('Amara Okafor', 'tide tables'), filename: 'tides.txt' },
      meta: { content: JSON.stringify({ title: 'Reading the tide tables', show: 'Tidewater Notes' }) },
    });
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/episodes',
      headers: { ...ingest, ...form.headers },
      payload: form.payload,
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      result: 'created',
      episode: { title: 'Reading the tide tables', show: { name: 'Tidewater Notes' } },
      ingestion: { sourceName: 'tides.txt' },
    });
  });

  it('lets ?name= override a multipart filename', async () => {
    const form = await multipart({
      file: { content: transcript('Lena Park', 'salt marshes'), filename: 'upload.txt' },
    });
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/episodes?name=marshes.txt',
      headers: { ...ingest, ...form.headers },
      payload: form.payload,
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().ingestion.sourceName).toBe('marshes.txt');
  });

  it.each([
    ['garden-hour.vtt', 'text/vtt'],
    ['harbour-history.srt', 'application/x-subrip'],
    ['deep-field.json', 'application/json'],
  ])('ingests %s sent as %s, recognising its format by content', async (file, type) => {
    const res = await upload(file, fixture(file), type);
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ result: 'created', ingestion: { sourceName: file } });
    expect(res.json().ingestion.counts.segments).toBeGreaterThan(0);
  });

  it('accepts a charset parameter on the media type', async () => {
    const res = await upload(
      'charset.txt',
      transcript('Ivo Petrov', 'ferry routes'),
      'text/plain; charset=utf-8',
    );
    expect(res.statusCode).toBe(201);
  });

  describe('refuses a bad upload with its own status, and writes nothing', () => {
    const cases: [
      string,
      () => Promise<{ statusCode: number; json(): { type: string; detail: string } }>,
      number,
      string,
    ][] = [
      [
        'an unsupported media type',
        () => upload('a.pdf', '%PDF-1.7', 'application/pdf'),
        415,
        'unsupported-media-type',
      ],
      [
        'a request with no body',
        () => t.app.inject({ method: 'POST', url: '/v1/episodes?name=a.txt', headers: ingest }),
        415,
        'unsupported-media-type',
      ],
      [
        'a raw body without ?name=',
        () =>
          t.app.inject({
            method: 'POST',
            url: '/v1/episodes',
            headers: { ...ingest, 'content-type': 'text/plain' },
            payload: 'A\nhi\n',
          }),
        400,
        'validation',
      ],
      ['a name with a folder in it', () => upload('../etc/passwd', 'A\nhi\n'), 400, 'validation'],
      ['an empty file', () => upload('empty.txt', ''), 422, 'ingest/empty-file'],
      [
        'binary data',
        () => upload('binary.txt', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d])),
        422,
        'ingest/binary-content',
      ],
      [
        'prose with no turns',
        () => upload('prose.txt', 'Just a paragraph.\nAnd another one.\n'),
        422,
        'ingest/unknown-format',
      ],
      [
        'a label with no text',
        () => upload('gap.txt', 'A\nHello there.\nB\nC\nHi.\n'),
        422,
        'ingest/empty-turn',
      ],
      [
        'JSON that is not a transcript',
        () => upload('not-a-transcript.json', '{"hello":"world"}', 'application/json'),
        422,
        'ingest/malformed-transcript',
      ],
      [
        'a multipart upload without a file part',
        async () => {
          const form = await multipart({ meta: { content: '{}' } });
          return t.app.inject({
            method: 'POST',
            url: '/v1/episodes?name=x.txt',
            headers: { ...ingest, ...form.headers },
            payload: form.payload,
          });
        },
        400,
        'validation',
      ],
      [
        'a multipart upload with a bad sidecar',
        async () => {
          const form = await multipart({
            file: { content: transcript('Rosa Díaz', 'lighthouse lenses'), filename: 'lenses.txt' },
            meta: { content: '{"title": 42}' },
          });
          return t.app.inject({
            method: 'POST',
            url: '/v1/episodes',
            headers: { ...ingest, ...form.headers },
            payload: form.payload,
          });
        },
        422,
        'ingest/invalid-sidecar',
      ],
    ];

    it.each(cases)('%s', async (_what, send, status, slug) => {
      const before = await episodeRowCounts(t.database);
      const res = await send();
      expect(res.statusCode).toBe(status);
      expect(res.json().type).toBe(`https://castindex.dev/problems/${slug}`);
      expect(await episodeRowCounts(t.database)).toEqual(before);
    });
  });

  it('names the file and line in a 422 for unparseable content', async () => {
    const res = await upload('gap.txt', 'A\nHello there.\nB\nC\nHi.\n');
    expect(res.json()).toMatchObject({
      status: 422,
      code: 'empty-turn',
      source: 'gap.txt',
      line: 3,
      detail: 'gap.txt:3: speaker label "B" has no text',
    });
  });

  it('records each upload in the audit trail: who, what, which episode, which request, how it ended', async () => {
    const ok = await upload('audited.txt', transcript('Tomas Berg', 'harbour dredging'));
    const bad = await upload('audited-empty.txt', '');
    const events = async () =>
      (
        await t.database.db.pool.query(
          `SELECT a.action, a.actor, a.target_type, a.target_id, a.request_id, a.outcome, a.status, a.details, k.name AS key_name
           FROM audit_events a LEFT JOIN api_keys k ON k.id = a.api_key_id
           WHERE a.request_id = ANY($1) ORDER BY a.id`,
          [[ok.headers['x-request-id'], bad.headers['x-request-id']]],
        )
      ).rows;
    await expect.poll(async () => (await events()).length).toBe(2);
    expect(await events()).toEqual([
      {
        action: 'episode.upload',
        actor: 'uploader',
        key_name: 'uploader',
        target_type: 'episodes',
        target_id: ok.json().episode.id,
        request_id: ok.headers['x-request-id'],
        outcome: 'succeeded',
        status: 201,
        details: expect.objectContaining({ sourceName: 'audited.txt', result: 'created', method: 'POST' }),
      },
      {
        action: 'episode.upload',
        actor: 'uploader',
        key_name: 'uploader',
        target_type: 'episodes',
        target_id: null,
        request_id: bad.headers['x-request-id'],
        outcome: 'failed',
        status: 422,
        details: expect.objectContaining({ sourceName: 'audited-empty.txt', error: 'ingest/empty-file' }),
      },
    ]);
  });
});

describe('the upload size limit', () => {
  let t: TestApp;
  let ingest: Record<string, string>;
  beforeAll(async () => {
    t = await createTestApp({ MAX_UPLOAD_BYTES: '2048' });
    ingest = bearer(await apiKey(t.app, ['ingest']));
  });
  afterAll(() => t.close());

  it('answers 413 for a raw body over MAX_UPLOAD_BYTES and writes nothing', async () => {
    const before = await episodeRowCounts(t.database);
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/episodes?name=big.txt',
      headers: { ...ingest, 'content-type': 'text/plain' },
      payload: transcript('Noor Haddad', 'x'.repeat(3000)),
    });
    expect(res.statusCode).toBe(413);
    expect(res.json()).toMatchObject({
      type: 'https://castindex.dev/problems/payload-too-large',
      detail: expect.stringMatching(/: the limit is 2048 bytes$/),
    });
    expect(await episodeRowCounts(t.database)).toEqual(before);
  });

  it('answers 413 for a multipart file over MAX_UPLOAD_BYTES and writes nothing', async () => {
    const before = await episodeRowCounts(t.database);
    const form = await multipart({
      file: { content: transcript('Noor Haddad', 'y'.repeat(3000)), filename: 'big.txt' },
    });
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/episodes',
      headers: { ...ingest, ...form.headers },
      payload: form.payload,
    });
    expect(res.statusCode).toBe(413);
    expect(res.json()).toMatchObject({
      type: 'https://castindex.dev/problems/payload-too-large',
      detail: 'the transcript is larger than the 2048 byte upload limit',
    });
    expect(await episodeRowCounts(t.database)).toEqual(before);
  });
});

describe('DELETE /v1/episodes/{idOrSlug}', () => {
  let t: TestApp;
  let admin: Record<string, string>;
  beforeAll(async () => {
    t = await createTestApp();
    admin = bearer(await apiKey(t.app, ['admin'], 'operator'));
  });
  afterAll(() => t.close());

  const q = async <T>(sql: string, params: unknown[] = []) =>
    (await t.database.db.pool.query(sql, params)).rows as T[];

  /** People linked to an episode in any way: participation, segments, quotes. */
  const peopleOf = async (episodeId: string) =>
    (
      await q<{ person_id: string }>(
        `SELECT person_id FROM episode_people WHERE episode_id = $1
         UNION SELECT person_id FROM segments WHERE episode_id = $1 AND person_id IS NOT NULL
         UNION SELECT person_id FROM quotes WHERE episode_id = $1 AND person_id IS NOT NULL`,
        [episodeId],
      )
    ).map((r) => r.person_id);

  async function uploadAs(name: string, content: string) {
    const res = await t.app.inject({
      method: 'POST',
      url: `/v1/episodes?name=${name}`,
      headers: { ...admin, 'content-type': 'text/plain' },
      payload: content,
    });
    expect(res.statusCode).toBe(201);
    return res.json().episode as { id: string; slug: string; show: { id: string } };
  }

  it('removes the episode and what belongs to it, keeps what other episodes still use, and feeds the change', async () => {
    const gone = await uploadAs('dunes.txt', transcript('Hana Kobayashi', 'dune restoration', 'C'));
    const kept = await uploadAs('reefs.txt', transcript('Pedro Alves', 'oyster reefs'));
    const keptPeople = await peopleOf(kept.id);
    const shared = (await peopleOf(gone.id)).filter((p) => keptPeople.includes(p));
    const exclusive = (await peopleOf(gone.id)).filter((p) => !keptPeople.includes(p));
    expect(shared.length).toBeGreaterThan(0); // the host of both
    expect(exclusive.length).toBeGreaterThan(0); // the guest of one
    const keptCounts = await q(
      `SELECT (SELECT count(*) FROM segments WHERE episode_id = $1)::int AS segments,
              (SELECT count(*) FROM quotes WHERE episode_id = $1)::int AS quotes,
              (SELECT count(*) FROM episode_topics WHERE episode_id = $1)::int AS topics`,
      [kept.id],
    );

    const res = await t.app.inject({ method: 'DELETE', url: `/v1/episodes/${gone.slug}`, headers: admin });
    expect(res.statusCode).toBe(204);
    expect(res.body).toBe('');

    expect((await t.app.inject(`/v1/episodes/${gone.id}`)).statusCode).toBe(404);
    for (const table of ['segments', 'quotes', 'chapters', 'episode_people', 'episode_topics']) {
      expect(await q(`SELECT 1 FROM ${table} WHERE episode_id = $1`, [gone.id]), table).toEqual([]);
    }
    const people = (await q<{ id: string }>(`SELECT id FROM people`)).map((r) => r.id);
    expect(people).toEqual(expect.arrayContaining(shared));
    for (const p of exclusive) expect(people).not.toContain(p);
    expect(
      await q(
        `SELECT id FROM topics t WHERE NOT EXISTS (SELECT 1 FROM episode_topics x WHERE x.topic_id = t.id)
           AND NOT EXISTS (SELECT 1 FROM segment_topics x WHERE x.topic_id = t.id)
           AND NOT EXISTS (SELECT 1 FROM quote_topics x WHERE x.topic_id = t.id)`,
      ),
    ).toEqual([]);
    expect(await q(`SELECT 1 FROM shows WHERE id = $1`, [kept.show.id])).toHaveLength(1);
    expect(
      await q(
        `SELECT (SELECT count(*) FROM segments WHERE episode_id = $1)::int AS segments,
                (SELECT count(*) FROM quotes WHERE episode_id = $1)::int AS quotes,
                (SELECT count(*) FROM episode_topics WHERE episode_id = $1)::int AS topics`,
        [kept.id],
      ),
    ).toEqual(keptCounts);
    expect(
      await q(`SELECT type, episode_slug FROM episode_changes WHERE episode_id = $1 ORDER BY seq`, [gone.id]),
    ).toEqual([
      { type: 'created', episode_slug: gone.slug },
      { type: 'deleted', episode_slug: gone.slug },
    ]);
    // The ingestion history outlives the episode.
    expect(await q(`SELECT 1 FROM ingestion_runs WHERE episode_id = $1`, [gone.id])).toHaveLength(1);
  });

  it('removes a show with its last episode', async () => {
    const form = await multipart({
      file: { content: transcript('Elif Yilmaz', 'canal locks'), filename: 'locks.txt' },
      meta: { content: JSON.stringify({ show: 'Lockkeepers Weekly' }) },
    });
    const created = await t.app.inject({
      method: 'POST',
      url: '/v1/episodes',
      headers: { ...admin, ...form.headers },
      payload: form.payload,
    });
    const episode = created.json().episode;
    expect(episode.show.name).toBe('Lockkeepers Weekly');
    await t.app.inject({ method: 'DELETE', url: `/v1/episodes/${episode.id}`, headers: admin });
    expect(await q(`SELECT 1 FROM shows WHERE id = $1`, [episode.show.id])).toEqual([]);
  });

  it('answers 404 for an episode that does not exist, and changes nothing', async () => {
    const before = await episodeRowCounts(t.database);
    const res = await t.app.inject({ method: 'DELETE', url: '/v1/episodes/ep_nothing', headers: admin });
    expect(res.statusCode).toBe(404);
    expect(res.json().type).toBe('https://castindex.dev/problems/not-found');
    expect(await episodeRowCounts(t.database)).toEqual(before);
  });

  it('lets the same content be uploaded again afterwards, as a new episode', async () => {
    const content = transcript('Mateo Ruiz', 'glacier melt');
    const first = await uploadAs('glaciers.txt', content);
    await t.app.inject({ method: 'DELETE', url: `/v1/episodes/${first.id}`, headers: admin });
    const again = await uploadAs('glaciers.txt', content);
    expect(again.id).not.toBe(first.id);
  });

  it('records the deletion in the audit trail', async () => {
    const episode = await uploadAs('audit-delete.txt', transcript('Sana Iqbal', 'river deltas'));
    const res = await t.app.inject({ method: 'DELETE', url: `/v1/episodes/${episode.slug}`, headers: admin });
    const events = () =>
      q(`SELECT action, actor, target_id, outcome, status, details FROM audit_events WHERE request_id = $1`, [
        res.headers['x-request-id'],
      ]);
    await expect.poll(async () => (await events()).length).toBe(1);
    expect(await events()).toEqual([
      {
        action: 'episode.delete',
        actor: 'operator',
        target_id: episode.id,
        outcome: 'succeeded',
        status: 204,
        details: expect.objectContaining({ slug: episode.slug, method: 'DELETE' }),
      },
    ]);
  });
});
