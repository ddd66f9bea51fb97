// How to find a ranked search's candidates (the newest matches of each kind) cheaply. Two ways
// give the same rows: walking the newest documents backwards and testing each (cheap per
// document, and a common query meets its quota within a few thousand), or looking the words
// up in the GIN index and reading every match (cheap per match, but each is a visit to a
// random page: a few walked documents when the table fits in shared buffers, dozens when the
// page has to come from the operating system's cache). Postgres picks between them by its
// estimate of how many documents match; for several words it multiplies their frequencies as
// if they were unrelated, so "black holes" looks a hundred times rarer than it is and it reads
// tens of thousands of pages. Here the share of documents a query can match is bounded from
// above instead (words that must all occur: the rarest one; alternatives: their sum), from
// the same column statistics, and decides how far back the walk goes before the index takes
// over for the older rest. The bound only ever moves work between the two; the rows are the
// same.

/**
 * A random page visit of an index lookup costs about this many documents walked in order
 * (measured on a million segments with the default 128 MB of shared buffers: a table well
 * inside the buffers, and one four times their size).
 */
const VISIT_COST = { buffered: 4, unbuffered: 32 } as const;
/**
 * Above this many matches, a GIN lookup costs more than the matches it finds are worth: its
 * bitmap outgrows work_mem and turns lossy (tens of milliseconds for a word in every tenth
 * document of a million). A person's or a topic's own index, with the text checked on each of
 * their documents, is then the cheaper way in.
 */
const MAX_INDEXED_MATCHES = 10_000;

/** Column statistics of one kind's search_vector: Postgres' most common lexemes. */
export interface LexemeStats {
  /** Documents in the table (an estimate). */
  rows: number;
  /** Whether the table fits comfortably in shared buffers, so its random pages are cheap. */
  buffered: boolean;
  /** Share of documents containing each of the most common lexemes. */
  shares: ReadonlyMap<string, number>;
  /** A lexeme not among them: at most about the rarest one's share. */
  otherShare: number;
}

type Node = { lexeme: string } | { not: Node } | { op: 'and' | 'or'; left: Node; right: Node };

/** Parses the text form of a tsquery ('a' & !'b' | 'c' <-> 'd'), or undefined if it is not one. */
export function parseTsquery(text: string): Node | undefined {
  const tokens = text.match(/'(?:[^']|'')*'(?::[*A-D]+)?|<\d*-?>|[&|!()]/g) ?? [];
  let at = 0;
  const peek = () => tokens[at];
  const or = (): Node | undefined => {
    let left = and();
    while (left && peek() === '|') {
      at++;
      const right = and();
      left = right && { op: 'or', left, right };
    }
    return left;
  };
  const and = (): Node | undefined => {
    let left = unary();
    // A phrase (<->, <N>) needs all its words too: for a bound, it is an "and".
    while (left && (peek() === '&' || /^<\d*-?>$/.test(peek() ?? ''))) {
      at++;
      const right = unary();
      left = right && { op: 'and', left, right };
    }
    return left;
  };
  const unary = (): Node | undefined => {
    const token = tokens[at++];
    if (token === undefined) return undefined;
    if (token === '!') {
      const inner = unary();
      return inner && { not: inner };
    }
    if (token === '(') {
      const inner = or();
      return tokens[at++] === ')' ? inner : undefined;
    }
    const lexeme = /^'((?:[^']|'')*)'/.exec(token)?.[1];
    return lexeme === undefined ? undefined : { lexeme: lexeme.replaceAll("''", "'") };
  };
  const tree = or();
  return tree && at === tokens.length ? tree : undefined;
}

/** At most this share of documents can match the query. */
export function matchShareBound(tree: Node, stats: LexemeStats): number {
  if ('lexeme' in tree) return stats.shares.get(tree.lexeme) ?? stats.otherShare;
  if ('not' in tree) return 1;
  const left = matchShareBound(tree.left, stats);
  const right = matchShareBound(tree.right, stats);
  return tree.op === 'and' ? Math.min(left, right) : Math.min(1, left + right);
}

/** How a kind's candidates are found: see search.sql.ts. */
export interface CandidatePlan {
  /** How many of the newest documents to walk before asking the index: 0 for none. */
  walk: number;
  /** Whether the text's GIN index may be used at all. */
  indexText: boolean;
}

/** Whether looking the query up in the GIN index finds few enough matches to be worth it. */
export function indexable(share: number, rows: number): boolean {
  return share * rows <= MAX_INDEXED_MATCHES;
}

/**
 * How many of the newest documents to walk, at most, for `quota` matches: 0 when the index is
 * the cheaper way. Walking W documents costs W; the index, for a query matching a share s of N
 * documents, costs V·s·N (V: VISIT_COST). A walk expecting quota/s documents is worth it while
 * that stays under sqrt(V·quota·N), where the two costs meet, and it may go that far: it stops
 * as soon as it has its quota, so the length only matters when the bound overstated the share
 * (an excluded word, words rarely together), and then a long walk still finds the quota more
 * cheaply than the index would read every older match.
 */
export function walkWindow(share: number, quota: number, table: { rows: number; buffered: boolean }): number {
  if (share <= 0 || table.rows <= 0) return 0;
  const expected = quota / share;
  const visit = table.buffered ? VISIT_COST.buffered : VISIT_COST.unbuffered;
  const limit = Math.sqrt(visit * quota * table.rows);
  return expected <= limit ? Math.ceil(limit) : 0;
}
