import { z } from 'zod';
import { idOrSlugFilter } from '../../lib/api-schemas.js';

export const ExportQuerySchema = z
  .object({ episode: idOrSlugFilter('Only this episode (id or slug); without it, everything') })
  .strict();

export type ExportQuery = z.output<typeof ExportQuerySchema>;
