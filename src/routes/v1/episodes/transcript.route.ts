import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  PodcastTranscriptSchema,
  TranscriptQuerySchema,
  TranscriptSchema,
  type TranscriptFormat,
} from '../../../modules/transcripts/transcripts.schemas.js';
import { negotiateFormat } from '../../negotiate.js';
import { idOrSlugParam, ProblemSchema, readErrors } from '../../../lib/api-schemas.js';

/** Media types by format; Accept picks among them (application/json first, for `*\/*`). */
const CONTENT_TYPES: Record<TranscriptFormat, string> = {
  json: 'application/json; charset=utf-8',
  'podcast-json': 'application/json; charset=utf-8',
  vtt: 'text/vtt; charset=utf-8',
  srt: 'application/x-subrip; charset=utf-8',
  text: 'text/plain; charset=utf-8',
};

const ACCEPTED: Record<string, TranscriptFormat> = {
  'application/json': 'json',
  'text/vtt': 'vtt',
  'application/x-subrip': 'srt',
  'application/srt': 'srt',
  'text/plain': 'text',
};

const transcriptRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/episodes/:idOrSlug/transcript',
    {
      schema: {
        tags: ['episodes'],
        operationId: 'getEpisodeTranscript',
        summary: 'Get an episode’s transcript',
        description:
          'The whole transcript in one of the Podcasting 2.0 transcript formats, chosen by `format=` or else by the Accept header: `json` (application/json, castindex’s Segment objects), `podcast-json` (application/json, `{version, segments:[{speaker,startTime,endTime,body}]}` in seconds — use `format=podcast-json` in a feed’s `<podcast:transcript type="application/json">`), `vtt` (text/vtt, one cue per segment with a `<v Name>` voice tag), `srt` (application/x-subrip, accepted as application/srt too, cues starting "Name:") and `text` (text/plain, "[hh:mm:ss] Name: text" paragraphs). An Accept header none of these satisfies is a 406.',
        params: z.object({ idOrSlug: idOrSlugParam }),
        querystring: TranscriptQuerySchema,
        response: {
          200: {
            description: 'The transcript in the chosen format',
            content: {
              'application/json': { schema: z.union([TranscriptSchema, PodcastTranscriptSchema]) },
              'text/vtt': { schema: z.string().describe('WebVTT with <v> voice tags') },
              'application/x-subrip': { schema: z.string().describe('SubRip, cues starting "Name:"') },
              'text/plain': { schema: z.string().describe('"[hh:mm:ss] Name: text" paragraphs') },
            },
          },
          ...readErrors,
          406: ProblemSchema,
        },
      },
      config: { cache: 'public' },
    },
    async (req, reply) => {
      const format = negotiateFormat(req, reply, req.query.format, ACCEPTED);
      const transcript = await app.services.transcripts.render(req.params.idOrSlug, format);
      return reply.type(CONTENT_TYPES[transcript.format]).send(transcript.body);
    },
  );
};

export default transcriptRoutes;
