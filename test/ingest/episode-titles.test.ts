import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IngestService } from '../../src/ingest/ingest.service.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { ingestService } from '../helpers/ingest.js';

const TALK = `Host: Ruth Adler
Guest: Emeka Obi
Ruth Adler: Welcome to Clay Hours. My guest throws pots for a living.
Emeka Obi: Thanks, Ruth. I have been at the wheel for thirty years.
Ruth Adler: What does a glaze actually do?
Emeka Obi: A glaze is glass. It seals the clay and gives it colour when the kiln melts it.
Ruth Adler: Thank you, Emeka.
`;

describe('episode titles and slugs', () => {
  let database: TestDatabase;
  let ingest: IngestService;
  beforeAll(async () => {
    database = await createTestDatabase();
    ingest = ingestService(database);
  });
  afterAll(() => database.drop());

  it('derives a title that reads as one when the file has none', async () => {
    const sidecar = JSON.stringify({
      description: 'In this episode we sit down with a potter to hear how a day at the wheel begins.',
      chapters: [
        { title: 'Introduction', startTime: 0 },
        { title: 'Glazes are glass', startTime: 20 },
      ],
    });
    const stored = await ingest.ingest({
      name: 'clay-07.txt',
      content: Buffer.from(TALK),
      sidecar,
      trigger: 'cli',
    });
    expect(stored.episode.title).toBe('Emeka Obi: Glazes are glass');
    expect(stored.episode.slug).toBe('emeka-obi-glazes-are-glass');
  });

  it("prefers the sidecar's title, then the file's", async () => {
    const titled = `Title: Glaze, kiln and patience\n${TALK}`;
    const fromFile = await ingest.ingest({
      name: 'clay-08.txt',
      content: Buffer.from(titled),
      trigger: 'cli',
    });
    expect(fromFile.episode.title).toBe('Glaze, kiln and patience');
    const fromSidecar = await ingest.ingest({
      name: 'clay-09.txt',
      content: Buffer.from(titled),
      sidecar: JSON.stringify({ title: 'The potter’s wheel' }),
      trigger: 'cli',
    });
    expect(fromSidecar.episode.title).toBe('The potter’s wheel');
    expect(fromSidecar.episode.slug).toBe('the-potters-wheel');
  });

  it('cuts a long slug between words', async () => {
    const title =
      'Stoneware, porcelain and earthenware: understanding temperatures, atmospheres and the chemistry of glazes';
    const stored = await ingest.ingest({
      name: 'clay-10.txt',
      content: Buffer.from(`Title: ${title}\n${TALK}`),
      trigger: 'cli',
    });
    const slug = stored.episode.slug;
    expect(slug.length).toBeLessThanOrEqual(80);
    expect(slug).toBe('stoneware-porcelain-and-earthenware-understanding-temperatures-atmospheres-and');
  });
});
