import { roleIndex } from '../refs/refs.mappers.js';
import type { RefsService } from '../refs/refs.service.js';
import { toSegmentDto } from '../segments/segments.mappers.js';
import type { SegmentsRepository } from '../segments/segments.repository.js';
import { toPodcastJson, toSrt, toText, toWebVtt, type TranscriptLine } from './transcript-formats.js';
import {
  StoredCuesSchema,
  type PodcastTranscriptDto,
  type TranscriptDto,
  type TranscriptFormat,
} from './transcripts.schemas.js';

export type RenderedTranscript =
  | { format: 'json'; body: TranscriptDto }
  | { format: 'podcast-json'; body: PodcastTranscriptDto }
  | { format: 'vtt' | 'srt' | 'text'; body: string };

export function createTranscriptsService(deps: { refs: RefsService; segments: SegmentsRepository }) {
  return {
    /** An episode's whole transcript in the given format. */
    async render(idOrSlug: string, format: TranscriptFormat): Promise<RenderedTranscript> {
      const episode = await deps.refs.episode(idOrSlug);
      if (format === 'json') {
        const [rows, roles] = await Promise.all([
          deps.segments.allForEpisode(episode.id),
          deps.refs.roles([episode.id]),
        ]);
        const roleOf = roleIndex(roles);
        return { format, body: { episode, segments: rows.map((r) => toSegmentDto(r, roleOf)) } };
      }
      const rows = await deps.segments.captionsForEpisode(episode.id);
      const lines: TranscriptLine[] = rows.map((r) => ({
        speaker: r.person?.name ?? r.label,
        startMs: r.startMs,
        endMs: r.endMs,
        text: r.text,
        cues: r.cues === null ? null : StoredCuesSchema.parse(r.cues),
      }));
      if (format === 'podcast-json') return { format, body: toPodcastJson(lines) };
      if (format === 'vtt') return { format, body: toWebVtt(lines) };
      if (format === 'srt') return { format, body: toSrt(lines) };
      return { format, body: toText(lines) };
    },
  };
}

export type TranscriptsService = ReturnType<typeof createTranscriptsService>;
