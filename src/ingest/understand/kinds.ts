import type { SegmentKind } from '../model.js';
import { tokenize } from './tokens.js';

// What each segment is for a listener: a teaser (a cold open clipped from later in the
// episode, before the host's introduction), the intro, the interview, an ad (a sponsor read)
// or the outro (closing thanks and sign-off). Only generic cues, no show's own phrases.

export interface KindSegment {
  text: string;
  wordCount: number;
  label: string;
}

const INTRO_CUE =
  /\b(?:welcome (?:back )?to\b|you'?re listening to|I'?m your host|this is (?:the )?\S+(?: \S+)? (?:podcast|show)|on (?:today'?s|this) (?:episode|show)|in this episode|today on the (?:show|podcast)|my guests? (?:today |this week )?(?:is|are)|joining (?:me|us) (?:today|now|this week)|I'?m joined by|please (?:enjoy|welcome)|(?:excited|thrilled|delighted|happy) to welcome)/iu;
const AD_STRONG =
  /\b(?:brought to you by|sponsored by|(?:today'?s|our|this week'?s) sponsor|support for (?:this|the) (?:podcast|show|episode) comes from|(?:promo|offer|discount) code|use (?:the )?code \w+)\b/i;
const AD_WEAK =
  /\b(?:\w+\.(?:com|io|co|ai|org)(?:\/\w+)?|free trial|\d+% off|sign up (?:today|now)|visit \w+)\b/gi;
const CLOSING_CUE =
  /\b(?:thanks? (?:you )?(?:so much |again |very much )?for (?:listening|tuning in|joining|coming on|coming|having me|inviting me|being (?:here|on)|taking the time|spending (?:the )?time|doing this)|see you (?:next|in the next|at the next)|until next time|that['’]?s (?:all|it) for (?:today|tonight|now|this (?:week|month|episode|time|show))(?!['’]s)\b|subscribe|leave (?:us )?a (?:positive )?(?:review|rating)|catch you (?:next|later)|take care|(?:it was|it's been) a (?:real )?pleasure|pleasure (?:to be here|having you)|appreciate you (?:spending|taking|joining|coming|being)|this has been)\b/iu;
/**
 * "That's Endgame Hour for this week.", "that’s all for now": a sign-off naming the show, at the
 * end of its sentence ("that's important for today's students" is not one). Case-sensitive, so
 * that only a name (capitalised) stands between.
 */
const SIGN_OFF =
  /\b[Tt]hat['’]?s (?:all |it |(?:the |our )?show |(?:\p{Lu}\p{Ll}[\p{L}\p{N}'’&-]*\s+){1,4})for (?:today|tonight|now|this (?:week|month|episode|time|show))(?!['’]s)\s*(?:[.!…]|$)/u;
const closes = (text: string) => CLOSING_CUE.test(text) || SIGN_OFF.test(text);

/** The intro must come early: within this share of the episode's words. */
const INTRO_WINDOW = 0.15;
/** The outro is looked for in this share of the words at the end. */
const OUTRO_WINDOW = 0.15;
/** A segment this short may sit inside the outro without a cue ("Bye!", "Thank you."). */
const SHORT = 12;

export function isAd(text: string): boolean {
  return AD_STRONG.test(text) || (text.match(AD_WEAK)?.length ?? 0) >= 2;
}

/** Share of a text's 5-word runs that occur again in `later` — a clip repeated later. */
export function repeatedShare(text: string, later: string): number {
  const shingles = (t: string) => {
    const w = tokenize(t).map((x) => x.norm);
    return Array.from({ length: Math.max(0, w.length - 4) }, (_, i) => w.slice(i, i + 5).join(' '));
  };
  const own = shingles(text);
  if (own.length === 0) return 0;
  const rest = new Set(shingles(later));
  return own.filter((s) => rest.has(s)).length / own.length;
}

export function classifyKinds(segments: KindSegment[]): SegmentKind[] {
  const kinds: SegmentKind[] = segments.map((s) => (isAd(s.text) ? 'ad' : 'interview'));
  const total = segments.reduce((n, s) => n + s.wordCount, 0);

  let seen = 0;
  let intro = -1;
  for (let i = 0; i < segments.length && seen <= total * INTRO_WINDOW; i++) {
    if (kinds[i] !== 'ad' && INTRO_CUE.test(segments[i]!.text)) {
      intro = i;
      break;
    }
    seen += segments[i]!.wordCount;
  }
  const allText = segments.map((s) => s.text).join(' ');
  if (intro >= 0) {
    // Before the introduction: the cold open. After it, the host keeps the intro until
    // another voice answers.
    for (let i = 0; i < intro; i++) if (kinds[i] !== 'ad') kinds[i] = 'teaser';
    for (let i = intro; i < segments.length && segments[i]!.label === segments[intro]!.label; i++) {
      kinds[i] = 'intro';
    }
  } else if (segments.length > 2) {
    // No introduction: the first segment is a teaser only if its words come back later.
    const first = segments[0]!;
    if (repeatedShare(first.text, allText.slice(first.text.length)) >= 0.4) kinds[0] = 'teaser';
  }

  let tail = 0;
  let start = segments.length;
  for (let i = segments.length - 1; i > 0 && tail <= total * OUTRO_WINDOW; i--) {
    const s = segments[i]!;
    if (kinds[i] !== 'interview' && kinds[i] !== 'ad') break;
    if (!closes(s.text) && s.wordCount > SHORT) break;
    start = i;
    tail += s.wordCount;
  }
  while (start < segments.length && !closes(segments[start]!.text)) start++;
  for (let i = start; i < segments.length; i++) if (kinds[i] === 'interview') kinds[i] = 'outro';
  return kinds;
}
