import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { sweepAfterCommit } from '../../src/db/orphans.js';
import type { DraftPerson, DraftTopic, EpisodeDraft } from '../../src/ingest/model.js';
import { createEpisodeStore, type RunRecord, startRun } from '../../src/ingest/store/episode-store.js';
import type { Logger } from '../../src/lib/logger.js';
import { createEpisodeWritesRepository } from '../../src/modules/episode-writes/episode-writes.repository.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';

// The store writes people and topics in batches: one row per name or slug however many
// episodes mention it, the titles an editor gives kept, and episodes stored side by side
// sharing those rows.

function person(name: string, title: string | null = null): DraftPerson {
  return { name, title, role: 'guest', labels: [], confidence: 0.9, evidence: [] };
}

function topic(slug: string, segments: number[], quotes: number[] = []): DraftTopic {
  return {
    slug,
    name: slug.replace(/-/g, ' '),
    kind: 'topic',
    weight: 1,
    mentions: segments.length,
    segments: segments.map((segment) => ({ segment, weight: 0.5 })),
    quotes: quotes.map((quote) => ({ quote, weight: 1 })),
  };
}

function draft(title: string, people: DraftPerson[], topics: DraftTopic[]): EpisodeDraft {
  return {
    format: 'plain',
    show: { name: 'Kiln Notes' },
    title,
    description: null,
    publishedAt: null,
    durationMs: 60_000,
    language: 'en',
    people,
    segments: [0, 1, 2].map((i) => ({
      person: i % people.length,
      label: String.fromCharCode(65 + (i % people.length)),
      text: `Segment ${i} of ${title}, about glazes and kilns.`,
      wordCount: 7,
      startMs: i * 20_000,
      endMs: (i + 1) * 20_000,
      timing: 'estimated',
      startTiming: 'estimated',
      endTiming: 'estimated',
      chapter: null,
      kind: 'interview',
    })),
    chapters: [],
    quotes: [
      {
        person: 0,
        attributedName: people[0]!.name,
        text: `Segment 0 of ${title}`,
        theme: null,
        statedMs: 0,
        segment: 0,
        chapter: null,
        startMs: 0,
        charStart: 0,
        charEnd: 10,
        alignmentScore: 1,
      },
    ],
    topics,
    warnings: [],
  };
}

/** The draft with words of its own, made from `tag`: its vocabulary rows are no other draft's. */
function ownWords(d: EpisodeDraft, tag: string): EpisodeDraft {
  const own = (i: number) => `${tag.replace(/[^a-z]/g, '')}${'abcdefgh'[i]}`;
  const segments = d.segments.map((s, i) => ({ ...s, text: `${own(i)}word ${own(i)}term`, wordCount: 2 }));
  const quote = segments[0]!.text;
  return {
    ...d,
    segments,
    quotes: d.quotes.map((q) => ({ ...q, text: quote, charStart: 0, charEnd: quote.length })),
  };
}

function run(sourceName: string): RunRecord {
  return startRun({ sourceName, contentHash: sourceName, format: 'plain', trigger: 'cli' });
}

describe('episode store', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.drop());

  const save = (d: EpisodeDraft, source: string) =>
    createEpisodeStore(database.db).save(d, source, `hash-${source}`, run(source));

  /** Until some statement of this database waits on a row lock (the store, on the other writer). */
  async function waitForLockWait(): Promise<void> {
    for (let tries = 0; tries < 500; tries++) {
      const { rows } = await database.db.pool.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_stat_activity
          WHERE datname = current_database() AND wait_event_type = 'Lock'`,
      );
      if (rows[0]!.n > 0) return;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error('the store never waited on the other writer');
  }

  async function people() {
    const { rows } = await database.db.pool.query<{ slug: string; name: string; title: string | null }>(
      `SELECT slug, name, title FROM people ORDER BY slug`,
    );
    return rows;
  }

  it('keeps one row per person across episodes: a later title fills it in, a missing one keeps it', async () => {
    await save(draft('First firing', [person('Ines Okafor'), person('Tove Lindqvist')], []), 'one.txt');
    await save(
      draft('Second firing', [person('Ines Okafor', 'Potter'), person('Tove Lindqvist')], []),
      'two.txt',
    );
    await save(draft('Third firing', [person('Ines Okafor')], []), 'three.txt');
    expect(await people()).toEqual([
      { slug: 'ines-okafor', name: 'Ines Okafor', title: 'Potter' },
      { slug: 'tove-lindqvist', name: 'Tove Lindqvist', title: null },
    ]);
    const { rows } = await database.db.pool.query<{ n: number }>(
      `SELECT count(DISTINCT person_id)::int AS n FROM episode_people`,
    );
    expect(rows[0]!.n).toBe(2);
  });

  it('links one topic row to every episode, segment and quote that mentions it', async () => {
    const stored = await save(
      draft(
        'Glaze chemistry',
        [person('Ines Okafor')],
        [topic('ash-glaze', [0, 2], [0]), topic('kiln', [1])],
      ),
      'glaze.txt',
    );
    await save(draft('Wood firing', [person('Ines Okafor')], [topic('kiln', [0, 1, 2])]), 'wood.txt');
    const { rows } = await database.db.pool.query<{
      slug: string;
      episodes: number;
      segments: number;
      quotes: number;
    }>(
      `SELECT t.slug,
              (SELECT count(*)::int FROM episode_topics et WHERE et.topic_id = t.id) AS episodes,
              (SELECT count(*)::int FROM segment_topics st WHERE st.topic_id = t.id) AS segments,
              (SELECT count(*)::int FROM quote_topics qt WHERE qt.topic_id = t.id) AS quotes
         FROM topics t ORDER BY t.slug`,
    );
    expect(rows).toEqual([
      { slug: 'ash-glaze', episodes: 1, segments: 2, quotes: 1 },
      { slug: 'kiln', episodes: 2, segments: 4, quotes: 0 },
    ]);
    const ordinals = await database.db.pool.query<{ ordinal: number; weight: number }>(
      `SELECT s.ordinal, st.weight FROM segment_topics st JOIN segments s ON s.id = st.segment_id
         JOIN topics t ON t.id = st.topic_id WHERE s.episode_id = $1 AND t.slug = 'ash-glaze' ORDER BY s.ordinal`,
      [stored.episode.id],
    );
    expect(ordinals.rows).toEqual([
      { ordinal: 1, weight: 0.5 },
      { ordinal: 3, weight: 0.5 },
    ]);
  });

  it('stores episodes side by side that share people and topics, each linked to the same rows', async () => {
    const shared = ['Caro Brandt', 'Dev Moreau', 'Eli Sato'];
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        save(
          draft(
            `Side by side ${i}`,
            [person(shared[i % 3]!), person(shared[(i + 1) % 3]!, `Title ${i}`)],
            [topic('salt-firing', [0]), topic(`raku-${i % 2}`, [1])],
          ),
          `side-${i}.txt`,
        ),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(6).fill('created'));
    const { rows } = await database.db.pool.query<{ slug: string; episodes: number }>(
      `SELECT p.slug, count(ep.episode_id)::int AS episodes FROM people p
         JOIN episode_people ep ON ep.person_id = p.id
         JOIN episodes e ON e.id = ep.episode_id AND e.source_name LIKE 'side-%'
        GROUP BY p.slug ORDER BY p.slug`,
    );
    expect(rows).toEqual([
      { slug: 'caro-brandt', episodes: 4 },
      { slug: 'dev-moreau', episodes: 4 },
      { slug: 'eli-sato', episodes: 4 },
    ]);
    const topics = await database.db.pool.query<{ slug: string; episodes: number }>(
      `SELECT t.slug, count(*)::int AS episodes FROM topics t JOIN episode_topics et ON et.topic_id = t.id
        WHERE t.slug IN ('salt-firing', 'raku-0', 'raku-1') GROUP BY t.slug ORDER BY t.slug`,
    );
    expect(topics.rows).toEqual([
      { slug: 'raku-0', episodes: 3 },
      { slug: 'raku-1', episodes: 3 },
      { slug: 'salt-firing', episodes: 6 },
    ]);
  });

  /**
   * Saves while another transaction holds uncommitted writes that the save will wait on, and
   * commits them once it does: the save then meets rows its snapshot did not have.
   */
  async function whileAnotherWrites<T>(statements: string[], writing: () => Promise<T>): Promise<T> {
    const other = await database.db.pool.connect();
    try {
      await other.query('BEGIN');
      for (const statement of statements) await other.query(statement);
      const written = writing();
      await waitForLockWait();
      await other.query('COMMIT');
      return await written;
    } finally {
      other.release();
    }
  }

  it('links to a person and a topic that another writer created while this episode was being stored', async () => {
    const stored = await whileAnotherWrites(
      [
        `INSERT INTO people (id, slug, name) VALUES ('per_other', 'noor-falk', 'Noor Falk')`,
        `INSERT INTO topics (id, slug, name, kind) VALUES ('top_other', 'saggar', 'saggar', 'topic')`,
      ],
      () => save(draft('Saggar firing', [person('Noor Falk')], [topic('saggar', [0])]), 'saggar.txt'),
    );
    const { rows } = await database.db.pool.query(
      `SELECT (SELECT person_id FROM episode_people WHERE episode_id = $1) AS person,
              (SELECT topic_id FROM episode_topics WHERE episode_id = $1) AS topic`,
      [stored.episode.id],
    );
    expect(rows[0]).toEqual({ person: 'per_other', topic: 'top_other' });
  });

  it('links to a show another writer created while this episode was being stored', async () => {
    const d = { ...draft('Throwing lids', [person('Ines Okafor')], []), show: { name: 'Wheel Talk' } };
    const stored = await whileAnotherWrites(
      [`INSERT INTO shows (id, slug, name) VALUES ('show_other', 'wheel-talk', 'Wheel Talk')`],
      () => save(d, 'lids.txt'),
    );
    const { rows } = await database.db.pool.query(`SELECT show_id FROM episodes WHERE id = $1`, [
      stored.episode.id,
    ]);
    expect(rows).toEqual([{ show_id: 'show_other' }]);
  });

  it('takes the next free slug when another writer commits the one it chose', async () => {
    // The store cannot see the uncommitted slug, chooses it too, and waits on its index entry.
    const stored = await whileAnotherWrites(
      [
        `INSERT INTO shows (id, slug, name) VALUES ('show_clay', 'clay-hour', 'Clay Hour')`,
        `INSERT INTO episodes (id, slug, show_id, title, duration_ms, source_name, content_hash, format)
         VALUES ('ep_other', 'glaze-faults', 'show_clay', 'Glaze faults', 1000, 'other.txt', 'h-other', 'plain')`,
      ],
      () => save(draft('Glaze faults', [person('Ines Okafor')], []), 'faults.txt'),
    );
    expect(stored).toMatchObject({ status: 'created', episode: { slug: 'glaze-faults-2' } });
  });

  it('keeps a person and a topic that another writer links while a replacement sweeps them', async () => {
    const first = await save(draft('Slip casting', [person('Rune Dahl')], [topic('slip', [0])]), 'slip.txt');
    const ids = await database.db.pool.query<{ person: string; topic: string }>(
      `SELECT (SELECT person_id FROM episode_people WHERE episode_id = $1) AS person,
              (SELECT topic_id FROM episode_topics WHERE episode_id = $1) AS topic`,
      [first.episode.id],
    );
    const { person: personId, topic: topicId } = ids.rows[0]!;
    // The other writer links both while the replacement, which no longer has them, removes them
    // as unused: the sweep must see the new links, not delete the rows (and the links with them).
    await whileAnotherWrites(
      [
        `INSERT INTO shows (id, slug, name) VALUES ('show_mould', 'mould-room', 'Mould Room')`,
        `INSERT INTO episodes (id, slug, show_id, title, duration_ms, source_name, content_hash, format)
         VALUES ('ep_mould', 'moulds', 'show_mould', 'Moulds', 1000, 'moulds.txt', 'h-moulds', 'plain')`,
        `INSERT INTO episode_people (episode_id, person_id, role, confidence, evidence, segment_count, word_count, talk_ms)
         VALUES ('ep_mould', '${personId}', 'guest', 1, '[]', 0, 0, 0)`,
        `INSERT INTO episode_topics (episode_id, topic_id, weight, mentions) VALUES ('ep_mould', '${topicId}', 1, 1)`,
      ],
      () =>
        createEpisodeStore(database.db).save(
          draft('Slip casting, again', [person('Ines Okafor')], [topic('kiln', [0])]),
          'slip.txt',
          'hash-slip-again',
          run('slip.txt'),
        ),
    );
    const { rows } = await database.db.pool.query(
      `SELECT (SELECT person_id FROM episode_people WHERE episode_id = 'ep_mould') AS person,
              (SELECT topic_id FROM episode_topics WHERE episode_id = 'ep_mould') AS topic,
              (SELECT count(*)::int FROM people WHERE id = $1) AS people,
              (SELECT count(*)::int FROM topics WHERE id = $2) AS topics`,
      [personId, topicId],
    );
    expect(rows[0]).toEqual({ person: personId, topic: topicId, people: 1, topics: 1 });
  });

  it('replaces an episode without waiting for writers that link the show and topics it leaves in use', async () => {
    await save(draft('Terra sigillata', [person('Ines Okafor')], [topic('burnish', [0])]), 'sigillata.txt');
    await save(draft('Burnishing', [person('Ines Okafor')], [topic('burnish', [0])]), 'burnishing.txt');
    const other = await database.db.pool.connect();
    try {
      await other.query('BEGIN');
      // Another ingestion of the same show, linking the same topic, not yet committed.
      await other.query(
        `INSERT INTO episodes (id, slug, show_id, title, duration_ms, source_name, content_hash, format)
         SELECT 'ep_polish', 'polish', show_id, 'Polish', 1000, 'polish.txt', 'h-polish', 'plain'
           FROM episodes WHERE source_name = 'burnishing.txt'`,
      );
      await other.query(
        `INSERT INTO episode_topics (episode_id, topic_id, weight, mentions)
         SELECT 'ep_polish', topic_id, 1, 1 FROM episode_topics et JOIN episodes e ON e.id = et.episode_id
          WHERE e.source_name = 'burnishing.txt'`,
      );
      const replacing = createEpisodeStore(database.db).save(
        draft('Terra sigillata, again', [person('Ines Okafor')], [topic('slip', [0])]),
        'sigillata.txt',
        'hash-sigillata-again',
        run('sigillata.txt'),
      );
      const outcome = await Promise.race([
        replacing.then((r) => r.status),
        new Promise((resolve) => setTimeout(() => resolve('waited on the other writer'), 3_000)),
      ]);
      expect(outcome).toBe('replaced');
      await other.query('ROLLBACK');
    } finally {
      other.release();
    }
  });

  it('stores again when a topic it found is deleted by another writer before it links it', async () => {
    await database.db.pool.query(
      `INSERT INTO topics (id, slug, name, kind) VALUES ('top_pumice', 'pumice', 'pumice', 'topic')`,
    );
    const other = await database.db.pool.connect();
    try {
      await other.query('BEGIN');
      // A word of the new episode: the store's vocabulary update waits on this uncommitted row,
      // after it has looked the topic up and before it links it.
      await other.query(`INSERT INTO search_terms (term, ndoc) VALUES ('zeolite', 1)`);
      const storing = save(draft('Zeolite', [person('Ines Okafor')], [topic('pumice', [0])]), 'zeolite.txt');
      await waitForLockWait();
      await other.query(`DELETE FROM topics WHERE id = 'top_pumice'`);
      await other.query('COMMIT');
      const stored = await storing;
      const { rows } = await database.db.pool.query(
        `SELECT t.slug FROM episode_topics et JOIN topics t ON t.id = et.topic_id WHERE et.episode_id = $1`,
        [stored.episode.id],
      );
      expect(rows).toEqual([{ slug: 'pumice' }]);
    } finally {
      other.release();
    }
  });

  it('deletes an episode again when its sweep and another writer lock the same topics in the other order', async () => {
    const stored = await save(
      draft('Crawl glazes', [person('Ines Okafor')], [topic('crawling', [0]), topic('beading', [1])]),
      'crawl.txt',
    );
    const { rows: topicRows } = await database.db.pool.query<{ id: string }>(
      `SELECT topic_id AS id FROM episode_topics WHERE episode_id = $1 ORDER BY topic_id`,
      [stored.episode.id],
    );
    const [first, second] = topicRows.map((r) => r.id);
    const other = await database.db.pool.connect();
    try {
      await other.query('BEGIN');
      // The sweep waits first, so it is the one Postgres rolls back.
      await other.query(`SET LOCAL deadlock_timeout = '10s'`);
      await other.query(
        `INSERT INTO shows (id, slug, name) VALUES ('show_crawl', 'crawl-room', 'Crawl Room')`,
      );
      await other.query(
        `INSERT INTO episodes (id, slug, show_id, title, duration_ms, source_name, content_hash, format)
         VALUES ('ep_crawl', 'crawls', 'show_crawl', 'Crawls', 1000, 'crawls.txt', 'h-crawls', 'plain')`,
      );
      const link = (topicId: string) =>
        other.query(
          `INSERT INTO episode_topics (episode_id, topic_id, weight, mentions) VALUES ('ep_crawl', $1, 1, 1)`,
          [topicId],
        );
      await link(second!);
      const deleting = createEpisodeWritesRepository(() => database.db.pool).delete(stored.episode.slug);
      await waitForLockWait();
      await link(first!);
      await other.query('COMMIT');
      expect(await deleting).toEqual({ id: stored.episode.id, slug: stored.episode.slug });
    } finally {
      other.release();
    }
    const { rows } = await database.db.pool.query(
      `SELECT (SELECT count(*)::int FROM episodes WHERE id = $1) AS deleted,
              ARRAY(SELECT topic_id FROM episode_topics WHERE episode_id = 'ep_crawl' ORDER BY topic_id) AS kept`,
      [stored.episode.id],
    );
    expect(rows[0]).toEqual({ deleted: 0, kept: [first, second] });
  });

  /**
   * Two writers remove the last two links to a person and a topic side by side: another
   * deletes one episode while this one deletes or replaces the other. Each sweep still sees
   * the other's link, not yet committed, and keeps the rows; the other commits while this
   * write waits to record its change, after its sweep. (Each episode has words of its own, so
   * that neither waits on the other's search vocabulary before that.)
   */
  async function unlinkSideBySide(write: (episodeId: string) => Promise<unknown>) {
    const stored = await Promise.all(
      ['mensah-one.txt', 'mensah-two.txt'].map((source, i) =>
        save(
          ownWords(draft(`Raku ${i}`, [person('Kofi Mensah')], [topic('raku-firing', [0])]), source),
          source,
        ),
      ),
    );
    const [mine, theirs] = stored.map((s) => s.episode.id);
    const { rows: before } = await database.db.pool.query<{ person: string; topic: string }>(
      `SELECT (SELECT person_id FROM episode_people WHERE episode_id = $1) AS person,
              (SELECT topic_id FROM episode_topics WHERE episode_id = $1) AS topic`,
      [mine],
    );
    // What it deletes after its commit is announced, as any change is (the response cache).
    const listener = await database.db.pool.connect();
    const said: string[] = [];
    try {
      listener.on('notification', (n) => said.push(n.payload ?? ''));
      await listener.query('LISTEN castindex_changes');
      await whileAnotherWrites(
        [`DELETE FROM episodes WHERE id = '${theirs}'`, `LOCK TABLE episode_changes IN SHARE MODE`],
        () => write(mine!),
      );
      await vi.waitFor(() => expect(said.filter((p) => p.startsWith('change:'))).toHaveLength(1));
    } finally {
      await listener.query('UNLISTEN *');
      listener.removeAllListeners('notification');
      listener.release();
    }
    const { rows } = await database.db.pool.query(
      `SELECT (SELECT count(*)::int FROM people WHERE id = $1) AS people,
              (SELECT count(*)::int FROM topics WHERE id = $2) AS topics`,
      [before[0]!.person, before[0]!.topic],
    );
    return rows[0];
  }

  it('removes a person and a topic whose last links a delete and another writer remove side by side', async () => {
    const left = await unlinkSideBySide((id) =>
      createEpisodeWritesRepository(() => database.db.pool).delete(id),
    );
    expect(left).toEqual({ people: 0, topics: 0 });
  });

  it('removes a person and a topic whose last links a replacement and another writer remove side by side', async () => {
    const left = await unlinkSideBySide(async (id) => {
      const { rows } = await database.db.pool.query<{ source: string }>(
        `SELECT source_name AS source FROM episodes WHERE id = $1`,
        [id],
      );
      const source = rows[0]!.source;
      return createEpisodeStore(database.db).save(
        ownWords(draft('Obvara', [person('Ama Owusu')], [topic('obvara', [0])]), `${source}-again`),
        source,
        `hash-${source}-again`,
        run(source),
      );
    });
    expect(left).toEqual({ people: 0, topics: 0 });
  });

  it('logs a sweep that cannot run once a write has committed, and does not fail the write', async () => {
    const log = { warn: vi.fn() };
    const gone = { connect: () => Promise.reject(new Error('the database went away')) } as unknown as pg.Pool;
    const refs = { people: ['per_gone'], topics: [], showId: 'show_gone' };
    await expect(sweepAfterCommit(gone, refs, log as unknown as Logger)).resolves.toBeUndefined();
    expect(log.warn).toHaveBeenCalledWith(
      { err: expect.objectContaining({ message: 'the database went away' }), refs },
      expect.stringContaining('could not sweep again'),
    );
  });

  it('keeps a participant’s labels and evidence as understanding gave them, in order', async () => {
    const labelled = {
      ...person('Tove Lindqvist'),
      labels: ['SPEAKER_2', 'Host', 'A'],
      evidence: [{ kind: 'self-introduction', detail: 'says "I’m Tove"\n', weight: 0.9 }],
    };
    const stored = await save(draft('Kiln logs', [labelled], []), 'logs.txt');
    const { rows } = await database.db.pool.query(
      `SELECT labels, evidence FROM episode_people WHERE episode_id = $1`,
      [stored.episode.id],
    );
    expect(rows).toEqual([{ labels: labelled.labels, evidence: labelled.evidence }]);
  });
});
