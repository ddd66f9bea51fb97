import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IngestError } from '../../src/ingest/errors.js';
import { NotFoundError } from '../../src/lib/errors.js';
import { createChaptersRepository } from '../../src/modules/chapters/chapters.repository.js';
import { createChaptersService, type ChaptersService } from '../../src/modules/chapters/chapters.service.js';
import { createRefsRepository } from '../../src/modules/refs/refs.repository.js';
import { createRefsService } from '../../src/modules/refs/refs.service.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { fixture } from '../helpers/formats.js';
import { episodeRowCounts, ingestService } from '../helpers/ingest.js';

describe('replacing an episode’s chapters', () => {
  let database: TestDatabase;
  let chapters: ChaptersService;
  let episode: { id: string; slug: string };

  beforeAll(async () => {
    database = await createTestDatabase();
    const prisma = () => database.db.prisma;
    chapters = createChaptersService({
      refs: createRefsService({ refs: createRefsRepository(prisma) }),
      chapters: createChaptersRepository(database.db.prisma),
    });
    episode = (
      await ingestService(database).ingest({
        name: 'deep.json',
        content: fixture('deep-field.json'),
        trigger: 'cli',
      })
    ).episode;
  });
  afterAll(() => database.drop());

  it('reads the bytes of a chapters file, byte-order mark and all', async () => {
    const content = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from(
        '{"version":"1.2.0","chapters":[{"startTime":0,"title":"Start"},{"startTime":31.4,"title":"Cold"}]}',
      ),
    ]);
    const result = await chapters.replaceChapters(episode.slug, content);
    expect(result.data.map((c) => [c.title, c.startMs, c.endMs])).toEqual([
      ['Start', 0, 31_400],
      ['Cold', 31_400, 56_200],
    ]);
  });

  it('warns about chapters that start after the last segment instead of refusing them', async () => {
    const result = await chapters.replaceChapters(
      episode.id,
      '{"version":"1.2.0","chapters":[{"startTime":0,"title":"Start"},{"startTime":90,"title":"Outro music"}]}',
    );
    expect(result.data.map((c) => [c.title, c.firstSegmentId === null])).toEqual([
      ['Start', false],
      ['Outro music', true],
    ]);
    expect(result.warnings.map((w) => w.code)).toEqual(['chapters-after-speech']);
  });

  it('refuses chapters that are not JSON with an invalid-chapters error and writes nothing', async () => {
    const before = await episodeRowCounts(database);
    const error = await chapters
      .replaceChapters(episode.id, Buffer.from('chapters: intro at 0'))
      .catch((e) => e);
    expect(error).toBeInstanceOf(IngestError);
    expect((error as IngestError).code).toBe('invalid-chapters');
    expect(await episodeRowCounts(database)).toEqual(before);
  });

  it('refuses an unknown episode with a not-found error and writes nothing', async () => {
    const before = await episodeRowCounts(database);
    const error = await chapters
      .replaceChapters('no-such-episode', { version: '1.2.0', chapters: [] })
      .catch((e) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(await episodeRowCounts(database)).toEqual(before);
  });
});
