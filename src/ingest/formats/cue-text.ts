import { createRequire } from 'node:module';

// Text inside subtitle cues and transcript files carries markup meant for players: HTML
// entities, styling tags (<i>, <font>, <c.yellow>), karaoke timestamps, ASS overrides ({\an8}).
// None of it is speech; these helpers reduce it to plain words.

// The full HTML named-entity table that ships with webvtt-parser (the same one the WebVTT
// specification uses), so SRT and plain text decode entities exactly as WebVTT does.
const ENTITIES = createRequire(import.meta.url)('webvtt-parser/html-entities.json') as Record<string, string>;

export function htmlEntities(): Record<string, string> {
  return ENTITIES;
}

function codePoint(n: number, fallback: string): string {
  return Number.isInteger(n) && n > 0 && n <= 0x10ffff ? String.fromCodePoint(n) : fallback;
}

/** "&amp;" "&#39;" "&#x2F;" → characters; unknown entities stay as written. */
export function decodeEntities(text: string): string {
  return text.replace(/&(#[xX][0-9a-fA-F]{1,6}|#\d{1,7}|[A-Za-z][A-Za-z0-9]{1,31});?/g, (m, body: string) => {
    if (body.startsWith('#x') || body.startsWith('#X')) return codePoint(parseInt(body.slice(2), 16), m);
    if (body.startsWith('#')) return codePoint(parseInt(body.slice(1), 10), m);
    return ENTITIES[`&${body};`] ?? (m.endsWith(';') ? m : (ENTITIES[`&${body}`] ?? m));
  });
}

/** Removes HTML-like tags, cue timestamps ("<00:00:01.000>") and ASS/SSA overrides ("{\an8}"). */
export function stripMarkup(text: string): string {
  return text
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/?[A-Za-z][^<>]*>/g, '')
    .replace(/<\d{1,2}(?::\d{2}){1,2}[.,]\d{1,3}>/g, '')
    .replace(/\{\\[^{}]*\}/g, '');
}

/** One line of speech: control characters gone, whitespace (no-break spaces too) collapsed, ends trimmed. */
export function squash(text: string): string {
  return (
    text
      // eslint-disable-next-line no-control-regex -- removing control characters is the point
      .replace(/[\u0000-\u0008\u000e-\u001f\u007f]/g, '')
      .replace(/[\s\u00a0\u200b\u200e\u200f]+/g, ' ')
      .trim()
  );
}

/** Speech joined from pieces: a space between them, none before closing punctuation. */
export function joinSpeech(pieces: string[]): string {
  let out = '';
  for (const raw of pieces) {
    const piece = squash(raw);
    if (!piece) continue;
    out =
      out === '' || NO_SPACE_BEFORE.test(piece) || NO_SPACE_AFTER.test(out) ? out + piece : `${out} ${piece}`;
  }
  return out;
}

// Word-level transcripts split "don't" into "do" + "n't", and punctuation into its own token.
const NO_SPACE_BEFORE = /^(?:[,.!?;:%)\]}»”’…]|['’](?:s|t|re|ve|ll|d|m)\b|n['’]t\b)/i;
const NO_SPACE_AFTER = /[([{«“‘]$/;

const SOUND =
  /^(?:music|(?:intro|outro|theme|upbeat|soft|background|dramatic)\s+music|music\s+(?:plays|playing|fades(?:\s+out)?)|laughter|laughs|laughing|laugh|chuckles?|giggles?|applause|cheering|cheers|inaudible|unintelligible|indistinct|crosstalk|cross-talk|overlapping|silence|pause|noise|static|sighs?|coughs?|clears throat|beep|bleep|background noise|ad break|advertisement|sponsor(?:ed)? message|break|end|intro|outro)$/i;

/** "[MUSIC]", "(laughs)", "♪ ♪": a description of sound, not speech. */
export function isSoundDescription(text: string): boolean {
  const t = text.trim();
  if (t === '' || /^[♪♫#\s]+$/.test(t)) return true;
  const inner = /^[[(]([^\])]{1,40})[\])]$/.exec(t)?.[1];
  return inner !== undefined && (SOUND.test(inner.trim()) || /^[♪♫\s]/.test(inner));
}

const BRACKETED = /(\s*)([[(][^\])]{1,40}[\])])\s*/g;

/**
 * Sound descriptions removed wherever they stand ("[MUSIC] Welcome back", "Thanks. (laughs)
 * Happy to be here", "It was great (laughter)."); the speech stays, and other brackets too.
 */
export function dropSounds(text: string): string {
  return text
    .replace(BRACKETED, (whole, _before: string, bracket: string, at: number, all: string) => {
      if (!isSoundDescription(bracket)) return whole;
      const before = all[at - 1];
      const next = all[at + whole.length];
      // At either end, after an opening quote or dash, or before punctuation, nothing is left in
      // its place; between words, the line break it stood across, or a space.
      if (before === undefined || /[“‘"([—–-]/.test(before)) return '';
      if (next === undefined || /[,.!?;:…”’")\]—–]/.test(next)) return '';
      return whole.includes('\n') ? '\n' : ' ';
    })
    .trim();
}
