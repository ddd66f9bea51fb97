import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/lib/paths.js';

// Only parameterized SQL: values reach Postgres as bind parameters, never spliced into text.
// Prisma's tagged templates (Prisma.sql`…${v}…`, $queryRaw`…`) bind their values; what is
// forbidden is every way of building SQL text from values.

async function sources(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter(
      (e) => e.isFile() && e.name.endsWith('.ts') && !path.join(e.parentPath, e.name).includes('/generated/'),
    )
    .map((e) => path.join(e.parentPath, e.name));
}

describe('SQL in src/', () => {
  it('is always parameterized', async () => {
    const offences: string[] = [];
    for (const file of await sources(path.join(PROJECT_ROOT, 'src'))) {
      const text = await readFile(file, 'utf8');
      const where = (i: number) =>
        `${path.relative(PROJECT_ROOT, file)}:${text.slice(0, i).split('\n').length}`;
      for (const m of text.matchAll(/\$(queryRaw|executeRaw)Unsafe\b/g))
        offences.push(`${where(m.index)} uses ${m[0]}`);
      // Prisma.raw() takes SQL text as-is: only constants (no interpolation) may go in.
      for (const m of text.matchAll(/Prisma\.raw\(([^)]*)\)/g)) {
        // String literals without interpolation, possibly joined with "+".
        if (!/^\s*(`[^`$]*`|'[^']*'|"[^"]*")(\s*\+\s*(`[^`$]*`|'[^']*'|"[^"]*"))*\s*,?\s*$/.test(m[1]!))
          offences.push(`${where(m.index)} passes a non-constant to Prisma.raw`);
      }
      // node-postgres: text with ${…} is built from values, unless it only escapes an identifier.
      for (const m of text.matchAll(/\.query(?:<[^>]*>)?\(\s*`([^`]*)`/g)) {
        const spliced = [...m[1]!.matchAll(/\$\{([^}]*)\}/g)].filter(
          (s) => !/escapeIdentifier\(/.test(s[1]!),
        );
        if (spliced.length)
          offences.push(`${where(m.index)} splices ${spliced.map((s) => s[0]).join(', ')} into SQL text`);
      }
    }
    expect(offences).toEqual([]);
  });
});
