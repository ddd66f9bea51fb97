import { z } from 'zod';

// Request and response shapes of search. SearchHit keeps the core shape of PRODUCT.md
// (kind, id, episodeId, segmentId, startMs, score, snippet, speaker) and adds deep-link fields.

export const MAX_QUERY_LENGTH = 200;
export const MAX_SEARCH_LIMIT = 50;
/** A cursor can carry a corrected query, so it is longer than a plain listing's. */
export const MAX_SEARCH_CURSOR_LENGTH = 2048;

export const HIT_KINDS = ['segment', 'quote'] as const;
export type HitKind = (typeof HIT_KINDS)[number];

export const searchText = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(MAX_QUERY_LENGTH, `must be at most ${MAX_QUERY_LENGTH} characters`)
  .describe(
    `What was said, 1 to ${MAX_QUERY_LENGTH} characters after trimming. Web-search syntax: words ` +
      '(all must match, in any form: "calculating" finds "calculation"), `"an exact phrase"`, ' +
      '`or` between alternatives, `-word` to exclude. Accents are ignored ("Godel" finds "Gödel").',
  )
  .meta({ example: 'lighthouse "fog signal" -storm' });

const kindFilter = z.enum(HIT_KINDS).optional().describe('Only segments, or only quotes');

const personFilter = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .optional()
  .describe(
    'Only what this person said: a person id, slug, or a name (matched fuzzily; a name that fits ' +
      'several people equally well is a 400 listing them as `candidates`)',
  );

const topicFilter = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .optional()
  .describe(
    'Only segments and quotes about this topic: a topic slug, or a name (matched fuzzily; a name ' +
      'that fits several topics equally well is a 400 listing them as `candidates`)',
  );

const dateBound = (what: string) =>
  z
    .union([z.iso.date(), z.iso.datetime({ offset: true })])
    .optional()
    .describe(
      `${what}: an ISO 8601 date (a whole day, UTC) or date-time; episodes without a date are left out`,
    );

const searchCursor = z
  .string()
  .max(MAX_SEARCH_CURSOR_LENGTH)
  .optional()
  .describe('The `page.nextCursor` of the previous page of the same search');

const searchLimit = z.coerce
  .number()
  .int()
  .min(1)
  .max(MAX_SEARCH_LIMIT, `must be at most ${MAX_SEARCH_LIMIT}`)
  .default(20)
  .describe(`Page size, 1 to ${MAX_SEARCH_LIMIT}`);

export const SearchQuerySchema = z
  .object({
    q: searchText,
    episode: z.string().trim().min(1).max(200).optional().describe('Only this episode: its id or slug'),
    person: personFilter,
    topic: topicFilter,
    kind: kindFilter,
    publishedFrom: dateBound('Only episodes published on or after this'),
    publishedTo: dateBound('Only episodes published on or before this'),
    limit: searchLimit,
    cursor: searchCursor,
  })
  .strict();

export const EpisodeSearchQuerySchema = z
  .object({
    q: searchText,
    person: personFilter,
    topic: topicFilter,
    kind: kindFilter,
    limit: searchLimit,
    cursor: searchCursor,
  })
  .strict();

export type SearchQuery = z.infer<typeof SearchQuerySchema>;
export type EpisodeSearchQuery = z.infer<typeof EpisodeSearchQuerySchema>;

const SearchEpisodeSchema = z
  .object({
    id: z.string().describe('Opaque episode id'),
    slug: z.string().describe('Episode slug'),
    title: z.string().describe('Episode title'),
  })
  .meta({ id: 'SearchEpisode' });

const SearchPersonSchema = z
  .object({
    id: z.string().describe('Opaque person id'),
    slug: z.string().describe('Person slug'),
    name: z.string().describe('Display name'),
  })
  .meta({ id: 'SearchPerson' });

export const SearchHitSchema = z
  .object({
    kind: z.enum(HIT_KINDS).describe('A transcript segment, or a quote from the episode summary'),
    id: z.string().describe('Id of the segment or quote'),
    episodeId: z.string().describe('Episode the hit belongs to'),
    segmentId: z
      .string()
      .nullable()
      .describe('The segment: the hit itself, or the segment a quote was aligned to (null if unaligned)'),
    quoteId: z.string().nullable().describe('The quote, for quote hits; null for segments'),
    chapterId: z.string().nullable().describe('Chapter the hit falls in, when known'),
    startMs: z
      .number()
      .int()
      .nullable()
      .describe(
        'Where to start playing, in milliseconds: the segment start, or the aligned quote start ' +
          '(its segment start, or its stated time, when not aligned); null when unknown',
      ),
    score: z
      .number()
      .describe('Relevance, 0 to 1 (rounded to 6 decimals); quotes and dense matches score higher'),
    snippet: z
      .string()
      .describe(
        'Excerpt around the matches, HTML-escaped, with each match in `<mark>…</mark>`; ' +
          'safe to insert as HTML',
      ),
    speaker: SearchPersonSchema.nullable().describe('Who said it, when known'),
    episode: SearchEpisodeSchema,
    url: z.string().describe('Deep link to the moment: the episode URL with a `#t=<seconds>` media fragment'),
  })
  .meta({
    id: 'SearchHit',
    example: {
      kind: 'quote',
      id: 'qt_01jdq3v4k2m8n6p0r5s7t9w1x5',
      episodeId: 'ep_01jdq3v4k2m8n6p0r5s7t9w1x3',
      segmentId: 'seg_01jdq3v4k2m8n6p0r5s7t9w1x6',
      quoteId: 'qt_01jdq3v4k2m8n6p0r5s7t9w1x5',
      chapterId: 'chp_01jdq3v4k2m8n6p0r5s7t9w1x7',
      startMs: 754_000,
      score: 0.412_537,
      snippet: 'the lighthouse keepers kept a <mark>logbook</mark> of every ship &amp; storm',
      speaker: { id: 'per_01jdq3v4k2m8n6p0r5s7t9w1x8', slug: 'ada-lind', name: 'Ada Lind' },
      episode: {
        id: 'ep_01jdq3v4k2m8n6p0r5s7t9w1x3',
        slug: 'harbor-lights',
        title: 'Harbor lights',
      },
      url: 'https://api.example.com/v1/episodes/harbor-lights#t=754',
    },
  });

export const SearchQueryEchoSchema = z
  .object({
    q: z.string().describe('The query as received, trimmed'),
    searched: z.string().describe('The query the hits are for: `q`, or its correction (`didYouMean`)'),
    episode: SearchEpisodeSchema.nullable().describe('The episode searched in, when filtered'),
    person: SearchPersonSchema.nullable().describe('The person the `person` filter resolved to'),
    topic: z
      .object({ slug: z.string(), name: z.string() })
      .nullable()
      .describe('The topic the `topic` filter resolved to'),
    kind: z.enum(HIT_KINDS).nullable().describe('The `kind` filter'),
    publishedFrom: z.string().nullable().describe('The `publishedFrom` filter'),
    publishedTo: z.string().nullable().describe('The `publishedTo` filter'),
  })
  .meta({ id: 'SearchQueryEcho' });

export const SearchResultsSchema = z
  .object({
    data: z.array(SearchHitSchema),
    page: z.object({
      nextCursor: z
        .string()
        .nullable()
        .describe('Pass as `cursor` (with the same parameters) for the next page; null on the last'),
      limit: z.number().int().describe('The page size used'),
      candidatesCapped: z
        .boolean()
        .describe(
          'True when the query matched more segments or quotes than are ranked (the newest matches ' +
            'of each kind, up to a configured number): older matches are left out of every page. ' +
            'Narrow the query or filter by episode, person, topic or date to reach them. Always ' +
            'false in transcript order, which is not capped.',
        ),
    }),
    didYouMean: z
      .string()
      .optional()
      .describe(
        'Present when the query found little and a spelling correction found more: the corrected ' +
          'query, whose hits are returned',
      ),
    query: SearchQueryEchoSchema,
  })
  .meta({ id: 'SearchResults' });

export type SearchHitDto = z.infer<typeof SearchHitSchema>;
export type SearchResultsDto = z.infer<typeof SearchResultsSchema>;
export type SearchQueryEcho = z.infer<typeof SearchQueryEchoSchema>;
