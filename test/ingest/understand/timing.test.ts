import { describe, expect, it } from 'vitest';
import {
  consistentAnchors,
  estimateTimeline,
  fitRate,
  type TimeAnchor,
} from '../../../src/ingest/understand/timing.js';

const anchor = (word: number, seconds: number): TimeAnchor => ({
  word,
  ms: seconds * 1000,
  sigmaMs: 5_000,
  windowMs: 45_000,
});
const origin = [{ word: 0, ms: 0 }];

describe('timing from words', () => {
  it('interpolates by words between anchors and runs on at their rate after the last one', () => {
    const t = estimateTimeline({
      totalWords: 1000,
      anchors: [anchor(200, 60), anchor(800, 240)],
      quotes: [],
      fixed: origin,
    });
    expect(t.msPerWord).toBeCloseTo(300, 0);
    expect(Math.abs(t.at(500) - 150_000)).toBeLessThan(3_000);
    expect(Math.abs(t.durationMs - 300_000)).toBeLessThan(5_000);
    expect(t.at(0)).toBe(0);
  });

  it('drops an anchor that contradicts the others and stays monotonic', () => {
    const anchors = [anchor(200, 60), anchor(500, 20), anchor(800, 240), anchor(900, 270)];
    expect(consistentAnchors(anchors, origin).map((a) => a.word)).toEqual([200, 800, 900]);
    const t = estimateTimeline({ totalWords: 1000, anchors, quotes: [], fixed: origin });
    expect(t.dropped).toBe(1);
    for (let w = 10; w <= 1000; w += 10) expect(t.at(w)).toBeGreaterThanOrEqual(t.at(w - 10));
  });

  it('starts a quote’s segment no later than its stated time and its words no earlier', () => {
    const t = estimateTimeline({
      totalWords: 2000,
      anchors: [anchor(1500, 450)],
      quotes: [{ segmentWord: 400, quoteWord: 700, ms: 100_000 }],
      fixed: origin,
    });
    expect(t.at(400)).toBeLessThanOrEqual(110_000);
    expect(t.at(700)).toBeGreaterThanOrEqual(90_000);
  });

  it('uses a common speaking rate when nothing anchors the clock', () => {
    const t = estimateTimeline({ totalWords: 1600, anchors: [], quotes: [], fixed: origin });
    expect(t.durationMs).toBe(600_000);
    expect(fitRate([{ word: 0, ms: 0 }])).toBe(375);
  });

  it('estimates segment starts close to the truth for speakers who change pace', () => {
    // A deterministic synthetic episode: 120 turns of 10–400 words at 130–200 words a minute,
    // with a chapter stated (to the second) at the true start of every tenth turn.
    let seed = 7;
    const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    const words: number[] = [];
    const truth: number[] = [];
    let clock = 0;
    for (let i = 0; i < 120; i++) {
      const n = Math.round(10 + random() * (i % 2 ? 60 : 390));
      truth.push(clock);
      words.push(n);
      clock += (n / (130 + random() * 70)) * 60_000 + 400;
    }
    const starts = words.map((_, i) => words.slice(0, i).reduce((a, b) => a + b, 0));
    const anchors = starts.flatMap((w, i) =>
      i > 0 && i % 10 === 0 ? [{ ...anchor(w, 0), ms: Math.round(truth[i]! / 1000) * 1000 }] : [],
    );
    const t = estimateTimeline({
      totalWords: starts.at(-1)! + words.at(-1)!,
      anchors,
      quotes: [],
      fixed: origin,
    });
    const errors = starts.map((w, i) => Math.abs(t.at(w) - truth[i]!));
    const mean = errors.reduce((a, b) => a + b, 0) / errors.length;
    expect(mean).toBeLessThan(15_000);
    expect(Math.max(...errors)).toBeLessThan(45_000);
    expect(Math.abs(t.durationMs - clock)).toBeLessThan(60_000);
  });
});
