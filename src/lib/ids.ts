import { randomFillSync } from 'node:crypto';
import { ulid } from 'ulid';

// ulid draws one byte from the system's random source per character (16 calls per id); an
// ingestion makes hundreds of ids, so the bytes come from a pool filled 4 KiB at a time.
const pool = Buffer.alloc(4096);
let used = pool.length;

/** A cryptographically random number in [0, 1), in steps of 1/256 as ulid's own PRNG gives. */
function pooledRandom(): number {
  if (used === pool.length) {
    randomFillSync(pool);
    used = 0;
  }
  return pool[used++]! / 256;
}

/** Opaque, time-ordered ids with a type prefix: "ep_01jd…", "seg_01jd…". */
export function newId(prefix: 'ep' | 'show' | 'per' | 'seg' | 'chp' | 'qt' | 'top' | 'run' | 'key'): string {
  return `${prefix}_${ulid(undefined, pooledRandom).toLowerCase()}`;
}
