import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectFormat, parseTranscript } from '../../../src/ingest/formats/index.js';
import { looksLikePlainText } from '../../../src/ingest/formats/plain-text.parser.js';
import { looksLikeSummaryTranscript } from '../../../src/ingest/formats/summary-transcript.parser.js';
import { PROJECT_ROOT } from '../../../src/lib/paths.js';
import { fixture } from '../../helpers/formats.js';

const SEED = readFileSync(path.join(PROJECT_ROOT, 'seeds', '000_3f588ae5e4cd8754.txt'), 'utf8');

describe('format detection', () => {
  it.each([
    ['garden-hour.vtt', 'webvtt'],
    ['night-shift.vtt', 'webvtt'],
    ['harbour-history.srt', 'srt'],
    ['startup-stories.srt', 'srt'],
    ['deep-field.json', 'podcast-json'],
    ['pocket-economics.words.json', 'podcast-json'],
    ['bookshelf.txt', 'plain'],
    ['city-desk.txt', 'plain'],
    ['kitchen-table.txt', 'plain'],
    ['support-call.txt', 'plain'],
    ['qa-session.txt', 'plain'],
    ['ferry-crossing.vtt', 'webvtt'],
    ['tidewater.hls.vtt', 'webvtt'],
    ['allotment.auto.vtt', 'webvtt'],
    ['ferry-crossing.srt', 'srt'],
    ['shop-talk.diarized.srt', 'srt'],
    ['morning-briefing.srt', 'srt'],
    ['ferry-crossing.json', 'podcast-json'],
    ['field-recordings.json', 'podcast-json'],
  ])('recognises %s as %s', (name, format) => {
    expect(
      detectFormat(
        fixture(name)
          .toString('utf8')
          .replace(/^\uFEFF/, ''),
      ),
    ).toBe(format);
  });

  it('goes by content, never by the file name', () => {
    expect(parseTranscript(fixture('garden-hour.vtt'), 'episode.txt').format).toBe('webvtt');
    expect(parseTranscript(fixture('harbour-history.srt'), 'episode.vtt').format).toBe('srt');
    expect(parseTranscript(fixture('bookshelf.txt'), 'episode.json').format).toBe('plain');
    expect(parseTranscript(fixture('deep-field.json'), 'episode.srt').format).toBe('podcast-json');
  });

  it('leaves the seed to the label-only parser, and plain transcripts to the plain parser', () => {
    expect(detectFormat(SEED)).toBe('summary-transcript');
    expect(looksLikePlainText(SEED)).toBe(false);
    for (const name of [
      'bookshelf.txt',
      'city-desk.txt',
      'kitchen-table.txt',
      'support-call.txt',
      'qa-session.txt',
    ]) {
      expect(looksLikeSummaryTranscript(fixture(name).toString('utf8')), name).toBe(false);
    }
  });

  it('reads an SRT-style file with dot milliseconds and no numbers as WebVTT without a header', () => {
    expect(detectFormat('00:00:01.000 --> 00:00:02.000\nAda Brooks: Hi.\n')).toBe('webvtt');
  });

  it('does not take a plain transcript starting "[00:00:00] Name:" for JSON', () => {
    expect(detectFormat('[00:00:00] Ada Brooks: Hi.\n[00:00:03] Ivo Marek: Hello.\n')).toBe('plain');
  });

  it('finds no format in prose with a single "Name:"-looking line', () => {
    expect(detectFormat('Dear team,\nNote: the office is closed on Friday.\nThanks, Ada\n')).toBeUndefined();
  });
});
