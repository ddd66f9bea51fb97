import { describe, expect, it } from 'vitest';
import { resolveSpeakers, type SpeakerInput } from '../../../src/ingest/understand/speakers.js';

const seg = (label: string, text: string) => ({ label, text, wordCount: text.split(/\s+/).length });
const listed = (name: string, role: 'host' | 'guest', title?: string): SpeakerInput['listed'][number] => ({
  person: { name, role, ...(title ? { title } : {}) },
  source: 'metadata',
});
const byName = (r: ReturnType<typeof resolveSpeakers>) =>
  Object.fromEntries(r.people.map((p) => [p.name, { role: p.role, labels: p.labels }]));

describe('speaker resolution', () => {
  it('resolves a host split over two labels by self-introduction, with the metadata’s spelling', () => {
    const r = resolveSpeakers({
      segments: [
        seg('S1', "Hello and welcome to Deep Currents, I'm Priya Nataraajan. Today: ocean heat."),
        seg('S2', 'Tomasz, thanks for coming on.'),
        seg('S3', 'Happy to be here, it is a pleasure.'),
        seg('S2', 'So what changed in the last decade?'),
        seg('S3', 'The deep ocean warmed faster than anyone modelled.'),
        seg('S2', "Thanks for listening. It's Priya Natarajan again, see you next week."),
      ],
      listed: [listed('Priya Natarajan', 'host'), listed('Tomasz Wierzbicki', 'guest', 'Oceanographer')],
      quotes: [],
    });
    expect(byName(r)).toEqual({
      'Priya Natarajan': { role: 'host', labels: ['S1', 'S2'] },
      'Tomasz Wierzbicki': { role: 'guest', labels: ['S3'] },
    });
    const host = r.people.find((p) => p.name === 'Priya Natarajan')!;
    expect(host.evidence.map((e) => e.kind)).toEqual(
      expect.arrayContaining(['metadata', 'self-introduction']),
    );
    const guest = r.people.find((p) => p.name === 'Tomasz Wierzbicki')!;
    expect(guest.evidence.map((e) => e.kind)).toContain('addressed');
    expect(guest.title).toBe('Oceanographer');
    expect(r.warnings).toEqual([]);
  });

  it('gives an introduced guest the next voice that is not the host’s, even unlisted', () => {
    const r = resolveSpeakers({
      segments: [
        seg('A', 'Welcome back to the Night Shift podcast. Please welcome Kwame Mensah, a nurse in Accra.'),
        seg('A', 'Kwame, what does a night on the ward look like?'),
        seg('B', 'Quiet until it is not. Then everything happens at once.'),
      ],
      listed: [],
      quotes: [],
    });
    expect(byName(r)).toEqual({
      'Kwame Mensah': { role: 'guest', labels: ['B'] },
      'Speaker A': expect.anything(),
    });
    expect(r.people.find((p) => p.name === 'Speaker A')).toMatchObject({ unnamed: true, role: 'host' });
    expect(r.warnings).toEqual([expect.objectContaining({ code: 'unresolved-label' })]);
  });

  it('attributes a label through the quotes the summary attributes to a name', () => {
    const r = resolveSpeakers({
      segments: [seg('X', 'What surprised you?'), seg('Y', 'That bees can count to four.')],
      listed: [listed('Lena Vogel', 'guest'), listed('Omar Haddad', 'host')],
      quotes: [{ attribution: 'Lena Vogel', segment: 1, score: 1 }],
    });
    expect(byName(r)).toEqual({
      'Lena Vogel': { role: 'guest', labels: ['Y'] },
      'Omar Haddad': { role: 'host', labels: ['X'] },
    });
    const omar = r.people.find((p) => p.name === 'Omar Haddad')!;
    expect(omar.evidence.map((e) => e.kind)).toEqual(expect.arrayContaining(['questions']));
  });

  it('reads names used as labels and reconciles them with the listed spelling', () => {
    const r = resolveSpeakers({
      segments: [
        seg('Jon Okafor', 'Why do rivers meander?'),
        seg('Mei Lin', 'Because banks erode unevenly.'),
      ],
      listed: [listed('John Okafor', 'host')],
      quotes: [],
    });
    expect(byName(r)).toEqual({
      'John Okafor': { role: 'host', labels: ['Jon Okafor'] },
      'Mei Lin': { role: 'guest', labels: ['Mei Lin'] },
    });
  });

  it('names the only listed person left by elimination, and leaves the rest unnamed with a warning', () => {
    const r = resolveSpeakers({
      segments: [
        seg('1', 'Why does bread rise? And what does salt do?'),
        seg('2', 'Yeast makes gas and the gluten traps it.'),
        seg('3', 'Mm.'),
      ],
      listed: [listed('Rosa Ferreira', 'guest')],
      quotes: [],
    });
    expect(r.people.find((p) => p.labels.includes('2'))).toMatchObject({ name: 'Rosa Ferreira' });
    expect(r.people.find((p) => p.labels.includes('2'))!.evidence.map((e) => e.kind)).toContain(
      'elimination',
    );
    expect(r.people.filter((p) => p.unnamed).map((p) => p.name)).toEqual(['Speaker 1', 'Speaker 3']);
    expect(r.warnings.map((w) => w.code)).toEqual(['unresolved-label', 'unresolved-label']);
  });

  it('takes a host named with a garbled surname to be the listed host of the same first name', () => {
    const r = resolveSpeakers({
      segments: [
        seg('C', "Hi, I'm Yusuf Okonjo and welcome to Long Haul."),
        seg('D', 'Great to be here, thanks for having me.'),
        seg('C', 'What is it like to drive at night? Do you ever get lonely?'),
        seg('D', 'The radio keeps me company, and the stars.'),
      ],
      listed: [listed('Yusuf Okonkwo-Bello', 'host'), listed('Marta Nowak', 'guest')],
      quotes: [],
    });
    expect(byName(r)).toEqual({
      'Yusuf Okonkwo-Bello': { role: 'host', labels: ['C'] },
      'Marta Nowak': { role: 'guest', labels: ['D'] },
    });
    const host = r.people.find((p) => p.role === 'host')!;
    expect(host.evidence.map((e) => e.detail)).toContain(
      'C: named "Yusuf Okonjo" in the transcript, listed as Yusuf Okonkwo-Bello',
    );
  });

  it('does not take ordinary words after "I\'m" or "thanks" for names', () => {
    const r = resolveSpeakers({
      segments: [
        seg('P', "I'm Canadian, and thanks, Google, for the maps. I'm not sure, honestly."),
        seg('Q', 'Right.'),
      ],
      listed: [],
      quotes: [],
    });
    expect(r.people.every((p) => p.unnamed)).toBe(true);
  });
});
