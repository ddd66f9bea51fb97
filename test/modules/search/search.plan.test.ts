import { describe, expect, it } from 'vitest';
import {
  indexable,
  matchShareBound,
  parseTsquery,
  walkWindow,
  type LexemeStats,
} from '../../../src/modules/search/search.plan.js';

const stats: LexemeStats = {
  rows: 1_000_000,
  buffered: false,
  shares: new Map([
    ['black', 0.003],
    ['hole', 0.004],
    ['graviti', 0.01],
    ['think', 0.25],
    ["o'brien", 0.02],
  ]),
  otherShare: 0.0005,
};

const share = (tree: string) => matchShareBound(parseTsquery(tree)!, stats);

describe('the share of documents a query can match, bounded from above', () => {
  it('is the rarest word for words that must all occur, phrases included', () => {
    expect(share("'black' <-> 'hole'")).toBe(0.003);
    expect(share("'think' & 'hole'")).toBe(0.004);
    expect(share("'think' <2> 'graviti'")).toBe(0.01);
  });

  it('adds up alternatives, at most everything', () => {
    expect(share("'black' <-> 'hole' | 'graviti'")).toBeCloseTo(0.013);
    expect(share("'think' | 'think' | 'think' | 'think' | 'think'")).toBe(1);
  });

  it('lets an excluded word bound nothing, and a word outside the statistics be rare', () => {
    expect(share("'think' & !'black'")).toBe(0.25);
    expect(share("'think' & !( 'black' <-> 'hole' )")).toBe(0.25);
    expect(share("'zyzzyva'")).toBe(0.0005);
  });

  it('reads quoted lexemes with escaped quotes, prefixes and weights', () => {
    expect(share("'o''brien':* & 'think':AB")).toBe(0.02);
  });

  it('refuses what is not a tsquery rather than guessing', () => {
    expect(parseTsquery('')).toBeUndefined();
    expect(parseTsquery('T')).toBeUndefined();
    expect(parseTsquery("'a' &")).toBeUndefined();
    expect(parseTsquery("( 'a' | 'b'")).toBeUndefined();
  });
});

describe('how far back to walk for a quota of newest matches', () => {
  const table = { rows: 1_000_000, buffered: false };

  const limit = Math.ceil(Math.sqrt(32 * 100 * 1_000_000));

  it('walks up to where the index would be cheaper for a common query, and never for a rare one', () => {
    expect(walkWindow(0.25, 100, table)).toBe(limit);
    expect(walkWindow(0.0018, 100, table)).toBe(limit);
    expect(walkWindow(0.0017, 100, table)).toBe(0);
    expect(walkWindow(0.0005, 100, table)).toBe(0);
    expect(walkWindow(0, 100, table)).toBe(0);
  });

  it('leaves more to the index when the table fits in shared buffers, where its pages are cheap', () => {
    expect(walkWindow(0.004, 100, table)).toBeGreaterThan(0);
    expect(walkWindow(0.004, 100, { ...table, buffered: true })).toBe(0);
  });

  it('looks words up in the index only while their matches stay few', () => {
    expect(indexable(0.005, 1_000_000)).toBe(true);
    expect(indexable(0.05, 1_000_000)).toBe(false);
  });
});
