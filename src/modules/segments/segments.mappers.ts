import type { Prisma } from '../../generated/prisma/client.js';
import { speakerOf, toPersonDto, type RoleOf } from '../refs/refs.mappers.js';
import type { SegmentPageRow, segmentSelect } from './segments.repository.js';
import type { SegmentDto } from './segments.schemas.js';

export type SegmentRow = Prisma.SegmentGetPayload<{ select: typeof segmentSelect }>;

export function toSegmentDto(row: SegmentRow, roleOf: RoleOf): SegmentDto {
  return {
    id: row.id,
    episodeId: row.episodeId,
    ordinal: row.ordinal,
    speaker: row.person ? toPersonDto(row.person, roleOf(row.episodeId, row.person.id)) : null,
    label: row.label,
    text: row.text,
    wordCount: row.wordCount,
    startMs: row.startMs,
    endMs: row.endMs,
    timing: row.timing,
    startTiming: row.startTiming,
    endTiming: row.endTiming,
    chapterId: row.chapterId,
    kind: row.kind,
  };
}

/** A segment from its flat page row, in one pass. */
export function toSegmentDtoFromRow(r: SegmentPageRow): SegmentDto {
  return {
    id: r.id,
    episodeId: r.episodeId,
    ordinal: r.ordinal,
    speaker: speakerOf(r),
    label: r.label,
    text: r.text,
    wordCount: r.wordCount,
    startMs: r.startMs,
    endMs: r.endMs,
    timing: r.timing,
    startTiming: r.startTiming,
    endTiming: r.endTiming,
    chapterId: r.chapterId,
    kind: r.kind,
  };
}
