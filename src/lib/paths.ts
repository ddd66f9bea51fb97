import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project root, whether running from src/ (tsx) or dist/src/ (compiled). */
function findRoot(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const parts = here.split(path.sep);
  const at = parts.lastIndexOf('src');
  const root = parts.slice(0, at).join(path.sep) || path.sep;
  return path.basename(root) === 'dist' ? path.dirname(root) : root;
}

export const PROJECT_ROOT = findRoot();
export const MIGRATIONS_DIR = path.join(PROJECT_ROOT, 'prisma', 'migrations');
