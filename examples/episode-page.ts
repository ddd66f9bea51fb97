import createClient from 'openapi-fetch';
import type { components, paths } from './generated/castindex-api.js';

// What a frontend needs to render an episode page, fetched through a client typed from the
// committed OpenAPI document (`npm run client:types`). Two requests, made at once: the episode
// with everything embedded, and its transcript.

type Schemas = components['schemas'];

export interface EpisodePage {
  title: string;
  show: string;
  publishedAt: string | null;
  people: { name: string; role: string; title: string | null }[];
  chapters: { title: string; at: string }[];
  transcript: { at: string; speaker: string; text: string }[];
  quotes: { text: string; speaker: string | null; at: string | null; url: string }[];
  topics: string[];
}

/** "mm:ss", or "h:mm:ss" past the hour. */
export function clock(ms: number): string {
  const s = Math.floor(ms / 1000);
  const pad = (n: number) => String(n).padStart(2, '0');
  const hours = Math.floor(s / 3600);
  const rest = `${pad(Math.floor((s % 3600) / 60))}:${pad(s % 60)}`;
  return hours > 0 ? `${hours}:${rest}` : rest;
}

function timeOf(q: Schemas['Quote']): string | null {
  const ms = q.startMs ?? q.statedMs;
  return ms === null ? null : clock(ms);
}

export async function loadEpisodePage(
  baseUrl: string,
  idOrSlug: string,
  fetchImpl: typeof fetch = globalThis.fetch,
): Promise<EpisodePage> {
  const api = createClient<paths>({ baseUrl, fetch: fetchImpl });
  const [episode, transcript] = await Promise.all([
    api.GET('/v1/episodes/{idOrSlug}', {
      params: { path: { idOrSlug }, query: { include: 'people,chapters,quotes,topics' } },
    }),
    api.GET('/v1/episodes/{idOrSlug}/transcript', {
      params: { path: { idOrSlug }, query: { format: 'json' } },
    }),
  ]);
  if (!episode.data) throw new Error(`episode: ${episode.error?.detail ?? episode.response.status}`);
  // The route serves several formats; format=json is the one with Segment objects.
  const body = transcript.data;
  if (typeof body !== 'object' || !('episode' in body)) {
    throw new Error(`transcript: ${transcript.error?.detail ?? transcript.response.status}`);
  }
  const e: Schemas['Episode'] = episode.data;
  const segments: Schemas['Segment'][] = body.segments;
  return {
    title: e.title,
    show: e.show.name,
    publishedAt: e.publishedAt,
    people: (e.people ?? []).map((p) => ({ name: p.name, role: p.role, title: p.title })),
    chapters: (e.chapters ?? []).map((c) => ({ title: c.title, at: clock(c.startMs) })),
    transcript: segments.map((s) => ({
      at: clock(s.startMs),
      speaker: s.speaker?.name ?? s.label,
      text: s.text,
    })),
    quotes: (e.quotes ?? []).map((q) => ({
      text: q.text,
      speaker: q.speaker?.name ?? q.attributedName,
      at: timeOf(q),
      url: q.url,
    })),
    topics: (e.topics ?? []).map((t) => t.name),
  };
}

/** The page as plain text, the way a template would lay it out. */
export function renderEpisodePage(page: EpisodePage): string {
  return [
    `# ${page.title}`,
    `${page.show}${page.publishedAt ? ` · ${page.publishedAt.slice(0, 10)}` : ''}`,
    '',
    ...page.people.map((p) => `- ${p.name} (${p.role}${p.title ? `, ${p.title}` : ''})`),
    '',
    '## Chapters',
    ...page.chapters.map((c) => `${c.at} ${c.title}`),
    '',
    '## Quotes',
    ...page.quotes.map((q) => `“${q.text}” — ${q.speaker ?? 'unknown'}${q.at ? ` (${q.at})` : ''} ${q.url}`),
    '',
    '## Transcript',
    ...page.transcript.map((s) => `[${s.at}] ${s.speaker}: ${s.text}`),
    '',
  ].join('\n');
}
