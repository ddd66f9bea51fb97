import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEpisodePage, renderEpisodePage } from '../../examples/episode-page.js';
import { PROJECT_ROOT } from '../../src/lib/paths.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { insertEpisode, type InsertedEpisode } from '../helpers/episodes.js';

const run = promisify(execFile);

describe('the typed client generated from openapi/openapi.json', () => {
  it('is generated from the committed document (run `npm run client:types` after `npm run openapi`)', async () => {
    const cli = path.join(PROJECT_ROOT, 'node_modules', 'openapi-typescript', 'bin', 'cli.js');
    const check = run(
      process.execPath,
      [cli, 'openapi/openapi.json', '-o', 'examples/generated/castindex-api.ts', '--check'],
      { cwd: PROJECT_ROOT },
    );
    await expect(check).resolves.toBeDefined();
  });
});

describe('an episode page rendered through the typed client against a live server', () => {
  let t: TestApp;
  let ep: InsertedEpisode;
  let baseUrl: string;

  beforeAll(async () => {
    t = await createTestApp();
    ep = await insertEpisode(t.database.db.prisma, {
      show: 'Salt Road Stories',
      title: 'Caravans across the salt flats',
      publishedAt: new Date('2025-10-03T00:00:00Z'),
      people: [
        { name: 'Leilani Achebe-Strand', role: 'host' },
        { name: 'Oskar Tiihonen', role: 'guest', title: 'Salt trader' },
      ],
      chapters: [
        { title: 'Setting out', startMs: 0, endMs: 70_000 },
        { title: 'Reading the crust', startMs: 70_000, endMs: 3_700_000 },
      ],
      segments: [
        {
          speaker: 0,
          text: 'We leave before dawn, when the crust is hard.',
          startMs: 0,
          endMs: 70_000,
          chapter: 0,
        },
        {
          speaker: 1,
          text: 'The crust tells you where the water hides.',
          startMs: 70_000,
          endMs: 3_661_000,
          chapter: 1,
        },
        { speaker: 0, text: 'And if you read it wrong?', startMs: 3_661_000, endMs: 3_700_000, chapter: 1 },
      ],
      quotes: [{ speaker: 1, text: 'The crust tells you where the water hides.', segment: 1 }],
      topics: [{ name: 'Salt flats', weight: 1 }],
    });
    const address = await t.app.listen({ port: 0, host: '127.0.0.1' });
    baseUrl = address;
  });
  afterAll(() => t.close());

  it('renders title, people, chapters, quotes and the transcript with names and times in two requests', async () => {
    const requests: string[] = [];
    const counting: typeof fetch = (input, init) => {
      requests.push(input instanceof Request ? input.url : String(input));
      return fetch(input, init);
    };
    const page = await loadEpisodePage(baseUrl, ep.slug, counting);
    expect(requests.length).toBeLessThanOrEqual(2);
    expect(renderEpisodePage(page)).toBe(
      [
        '# Caravans across the salt flats',
        'Salt Road Stories · 2025-10-03',
        '',
        '- Leilani Achebe-Strand (host)',
        '- Oskar Tiihonen (guest, Salt trader)',
        '',
        '## Chapters',
        '00:00 Setting out',
        '01:10 Reading the crust',
        '',
        '## Quotes',
        `“The crust tells you where the water hides.” — Oskar Tiihonen (01:10) /v1/episodes/${ep.slug}#t=70`,
        '',
        '## Transcript',
        '[00:00] Leilani Achebe-Strand: We leave before dawn, when the crust is hard.',
        '[01:10] Oskar Tiihonen: The crust tells you where the water hides.',
        '[1:01:01] Leilani Achebe-Strand: And if you read it wrong?',
        '',
      ].join('\n'),
    );
    expect(page.topics).toEqual(['Salt flats']);
  });

  it('surfaces the API’s problem detail for an episode that does not exist', async () => {
    await expect(loadEpisodePage(baseUrl, 'no-such-episode')).rejects.toThrow(
      'episode: No episode with id or slug "no-such-episode"',
    );
  });
});
