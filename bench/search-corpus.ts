import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { PROJECT_ROOT } from '../src/lib/paths.js';
import { loadSeeds } from './corpus.js';
import {
  corpusShape,
  episodeRows,
  type CorpusShape,
  type EpisodeRows,
  type Row,
} from './search-corpus-rows.js';

export { RARE_WORDS, SEGMENTS_PER_EPISODE, surnameOf } from './search-corpus-rows.js';

// Bulk-loads the search benchmark's corpus into an empty, migrated database: `segments`
// segments in ~333-segment episodes, with people, chapters, quotes (one per 8 segments) and
// topic links, all deterministic in `seed`. Rows go in by COPY with the secondary indexes
// dropped and triggers off (session_replication_role = replica: a superuser connection), then
// the indexes are rebuilt from their own definitions (so every migration's index and storage
// options come back as they were), the vocabulary (search_terms) is counted as its triggers
// would have, and everything is vacuumed and analyzed. Two to three minutes for 1,000,000 segments
// on 2 cores.

const TABLES: { name: keyof EpisodeRows; table: string; columns: string[] }[] = [
  {
    name: 'episodes',
    table: 'episodes',
    columns: [
      'id',
      'slug',
      'show_id',
      'title',
      'description',
      'published_at',
      'duration_ms',
      'source_name',
      'content_hash',
      'format',
      'language',
    ],
  },
  {
    name: 'episodePeople',
    table: 'episode_people',
    columns: [
      'episode_id',
      'person_id',
      'role',
      'labels',
      'confidence',
      'evidence',
      'segment_count',
      'word_count',
      'talk_ms',
    ],
  },
  {
    name: 'chapters',
    table: 'chapters',
    columns: ['id', 'episode_id', 'ordinal', 'title', 'start_ms', 'end_ms', 'first_segment_id'],
  },
  {
    name: 'segments',
    table: 'segments',
    columns: [
      'id',
      'episode_id',
      'ordinal',
      'person_id',
      'label',
      'text',
      'word_count',
      'start_ms',
      'end_ms',
      'timing',
      'start_timing',
      'end_timing',
      'chapter_id',
      'kind',
    ],
  },
  {
    name: 'quotes',
    table: 'quotes',
    columns: [
      'id',
      'episode_id',
      'ordinal',
      'person_id',
      'attributed_name',
      'text',
      'theme',
      'stated_ms',
      'segment_id',
      'chapter_id',
      'start_ms',
      'char_start',
      'char_end',
      'alignment_score',
    ],
  },
  {
    name: 'episodeTopics',
    table: 'episode_topics',
    columns: ['episode_id', 'topic_id', 'weight', 'mentions'],
  },
  { name: 'segmentTopics', table: 'segment_topics', columns: ['segment_id', 'topic_id', 'weight'] },
  { name: 'quoteTopics', table: 'quote_topics', columns: ['quote_id', 'topic_id', 'weight'] },
];
const LOADED = ['shows', 'people', 'topics', ...TABLES.map((t) => t.table)];
/** Episodes per COPY round; two workers take alternate batches. */
const BATCH = 50;
const WORKERS = 2;
const STAGING = 'search_corpus_term_counts';

function field(v: Row[number]): string {
  if (v === null) return '\\N';
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'number') return String(v);
  return v.replace(/[\\\t\n\r]/g, (c) =>
    c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r',
  );
}

const line = (row: Row) => `${row.map(field).join('\t')}\n`;

async function copy(client: pg.PoolClient, table: string, columns: string[], rows: Row[]): Promise<void> {
  if (rows.length === 0) return;
  const sql = `COPY ${table} (${columns.join(', ')}) FROM STDIN`;
  const chunks = function* () {
    for (let i = 0; i < rows.length; i += 500)
      yield rows
        .slice(i, i + 500)
        .map(line)
        .join('');
  };
  await pipeline(Readable.from(chunks()), client.query(copyFrom(sql)));
}

const BULK_SETTINGS = {
  session_replication_role: 'replica',
  synchronous_commit: 'off',
  maintenance_work_mem: '512MB',
};

/**
 * Work on a connection of the caller's pool set up for bulk loading; the settings are reset
 * before it goes back, and a connection that failed (perhaps mid-transaction) is closed instead.
 */
async function inBulkSession<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    for (const [name, value] of Object.entries(BULK_SETTINGS)) await client.query(`SET ${name} = '${value}'`);
    const result = await work(client);
    for (const name of Object.keys(BULK_SETTINGS)) await client.query(`RESET ${name}`);
    client.release();
    return result;
  } catch (err) {
    client.release(true);
    throw err;
  }
}

/** Secondary indexes of the loaded tables (not those behind constraints), as their DDL. */
async function secondaryIndexes(client: pg.PoolClient): Promise<{ name: string; ddl: string }[]> {
  const { rows } = await client.query<{ name: string; ddl: string }>(
    `SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS ddl
       FROM pg_index i
      WHERE i.indrelid = ANY ($1::regclass[])
        AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)`,
    [LOADED],
  );
  return rows;
}

async function loadBatches(pool: pg.Pool, shape: CorpusShape): Promise<void> {
  const batches = Math.ceil(shape.episodes / BATCH);
  const worker = (w: number) =>
    inBulkSession(pool, async (client) => {
      for (let b = w; b < batches; b += WORKERS) {
        const all: EpisodeRows[] = [];
        for (let i = b * BATCH; i < Math.min(shape.episodes, (b + 1) * BATCH); i++)
          all.push(episodeRows(shape, i));
        await client.query('BEGIN');
        for (const t of TABLES)
          await copy(
            client,
            t.table,
            t.columns,
            all.flatMap((e) => e[t.name]),
          );
        // The vocabulary of this batch's texts, counted as the insert triggers would.
        const ids = all.map((e) => e.episodes[0]![0] as string);
        await client.query(
          `INSERT INTO ${STAGING} (term, ndoc)
           SELECT w, count(*) FROM (
                  SELECT text AS doc FROM segments WHERE episode_id = ANY ($1)
                  UNION ALL SELECT concat_ws(' ', text, theme) FROM quotes WHERE episode_id = ANY ($1)) d,
                  LATERAL castindex_search_words(d.doc) AS w
            GROUP BY w`,
          [ids],
        );
        await client.query('COMMIT');
      }
    });
  await Promise.all(Array.from({ length: WORKERS }, (_, w) => worker(w)));
}

export async function loadSearchCorpus(
  pool: pg.Pool,
  opts: { segments: number; seed?: number },
): Promise<void> {
  const seeds = await loadSeeds(path.join(PROJECT_ROOT, 'seeds'));
  const shape = corpusShape(seeds, { segments: opts.segments, seed: opts.seed ?? 1 });
  const indexes = await inBulkSession(pool, async (client) => {
    const found = await secondaryIndexes(client);
    for (const ix of found) await client.query(`DROP INDEX ${ix.name}`);
    return found;
  });
  try {
    await inBulkSession(pool, async (client) => {
      await client.query(`CREATE UNLOGGED TABLE ${STAGING} (term text NOT NULL, ndoc integer NOT NULL)`);
      await copy(
        client,
        'shows',
        ['id', 'slug', 'name'],
        shape.shows.map((s) => [s.id, s.slug, s.name]),
      );
      await copy(
        client,
        'people',
        ['id', 'slug', 'name'],
        shape.people.map((p) => [p.id, p.slug, p.name]),
      );
      await copy(
        client,
        'topics',
        ['id', 'slug', 'name', 'kind'],
        shape.topics.map((t) => [t.id, t.slug, t.name, 'topic']),
      );
    });
    await loadBatches(pool, shape);
    await inBulkSession(pool, async (client) => {
      await client.query(
        `INSERT INTO search_terms AS t (term, ndoc)
         SELECT term, sum(ndoc)::integer FROM ${STAGING} GROUP BY term
         ON CONFLICT (term) DO UPDATE SET ndoc = t.ndoc + excluded.ndoc`,
      );
    });
  } finally {
    // The indexes come back even when loading failed: the database stays as migrated.
    const queue = [...indexes].sort(
      (a, b) => Number(/segments/.test(b.name)) - Number(/segments/.test(a.name)),
    );
    await Promise.all(
      Array.from({ length: WORKERS }, () =>
        inBulkSession(pool, async (client) => {
          for (let ix = queue.shift(); ix; ix = queue.shift()) await client.query(ix.ddl);
        }),
      ),
    );
    await pool.query(`DROP TABLE IF EXISTS ${STAGING}`);
  }
  await pool.query(`VACUUM (ANALYZE) ${[...LOADED, 'search_terms'].join(', ')}`);
}
