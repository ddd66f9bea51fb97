import { ulid } from 'ulid';

/** Opaque, time-ordered ids with a type prefix: "ep_01jd…", "seg_01jd…". */
export function newId(prefix: 'ep' | 'show' | 'per' | 'seg' | 'chp' | 'qt' | 'top' | 'run' | 'key'): string {
  return `${prefix}_${ulid().toLowerCase()}`;
}
