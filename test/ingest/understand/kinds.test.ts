import { describe, expect, it } from 'vitest';
import { classifyKinds, isAd, repeatedShare } from '../../../src/ingest/understand/kinds.js';

const seg = (label: string, text: string) => ({ label, text, wordCount: text.split(/\s+/).length });
const talk = (n: number) =>
  'We kept measuring the glacier every spring and the numbers kept surprising us. '.repeat(n);

describe('segment kinds', () => {
  it('marks a clip before the host’s introduction as a teaser, then the intro, interview and outro', () => {
    const kinds = classifyKinds([
      seg('G', 'The ice was moving a metre a day, and nobody believed us.'),
      seg('H', 'Welcome to Cold Facts. My guest today is a glaciologist.'),
      seg('H', 'She has spent twenty winters on the ice.'),
      seg('G', talk(20)),
      seg('H', `So what did you find? ${talk(20)}`),
      seg('G', `The ice was moving a metre a day, and nobody believed us. ${talk(20)}`),
      seg('H', 'Thank you so much for joining me.'),
      seg('G', 'It was a pleasure.'),
      seg('H', 'Thanks for listening, and see you next week.'),
    ]);
    expect(kinds).toEqual([
      'teaser',
      'intro',
      'intro',
      'interview',
      'interview',
      'interview',
      'outro',
      'outro',
      'outro',
    ]);
  });

  it('takes "that’s <the show> for this week" for a sign-off, whatever the show is called', () => {
    /** The kind of a last segment after an intro and a long answer. */
    const last = (label: string, text: string) =>
      classifyKinds([seg('H', 'Welcome to the show.'), seg('G', talk(30)), seg(label, text)]).at(-1);
    for (const signOff of [
      'Thank you, Anaïs. That’s Endgame Hour for this week.',
      "That's Root Systems for this week. Happy digging.",
      'And that’s all for now.',
      'That’s all for this week, folks.',
      "That's the show for this week.",
      'That’s our show for today.',
    ])
      expect(last('H', signOff), signOff).toBe('outro');
    for (const answer of [
      "That's the reason for this week's episode, really.",
      'And that’s really important for today’s students.',
      'That’s good enough for now, but we will need more.',
      "That's it for this part of the process, and then we move on to testing.",
      'Honestly, that’s OK for now.',
    ])
      expect(last('G', answer), answer).toBe('interview');
  });

  it('finds no teaser when the episode opens with the introduction', () => {
    const kinds = classifyKinds([
      seg('A', "Hi, you're listening to Field Notes."),
      seg('B', talk(10)),
      seg('A', talk(10)),
    ]);
    expect(kinds).toEqual(['intro', 'interview', 'interview']);
  });

  it('marks an opening clip as a teaser when its words come back later, even without an intro', () => {
    const clip = 'Honestly the hardest part was convincing the town council to fund a second pump.';
    expect(
      classifyKinds([
        seg('B', clip),
        seg('A', talk(5)),
        seg('B', `${talk(5)} ${clip}`),
        seg('A', talk(5)),
      ])[0],
    ).toBe('teaser');
    expect(classifyKinds([seg('B', clip), seg('A', talk(5)), seg('B', talk(5))])[0]).toBe('interview');
  });

  it('recognises a sponsor read wherever it is', () => {
    expect(isAd('This episode is brought to you by Acme Rope. Use code CLIMB for 20% off.')).toBe(true);
    expect(isAd('Go to acme.com and start your free trial today.')).toBe(true);
    expect(isAd('We bought rope from a shop in town.')).toBe(false);
    const kinds = classifyKinds([
      seg('H', 'Welcome to Cold Facts.'),
      seg('G', talk(10)),
      seg('H', 'Support for this podcast comes from Acme Rope, visit acme.com today.'),
      seg('G', talk(10)),
    ]);
    expect(kinds).toEqual(['intro', 'interview', 'ad', 'interview']);
  });

  it('measures how much of a text is said again later', () => {
    expect(repeatedShare('one two three four five six', 'zero one two three four five six seven')).toBe(1);
    expect(repeatedShare('one two three four five six', 'something else entirely here now')).toBe(0);
  });
});
