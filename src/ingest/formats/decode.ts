import { IngestError } from '../errors.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });
const lenientUtf8 = new TextDecoder('utf-8');

/** 1-based line of a byte offset: the newlines before it, plus one. */
function lineOfByte(content: Buffer, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (content[i] === 0x0a) line++;
  return line;
}

function lineOfChar(text: string, offset: number): number {
  return text.slice(0, offset).split('\n').length;
}

/**
 * Bytes → text, refusing what is not a transcript: empty files, binary data (NUL bytes or
 * control characters) and text that is not valid UTF-8 or UTF-16 with a byte-order mark.
 */
export function decodeText(content: Buffer, source: string): string {
  if (content.length === 0) throw new IngestError('empty-file', 'the file is empty', source, 1);
  let text: string;
  if (content[0] === 0xff && content[1] === 0xfe) {
    text = new TextDecoder('utf-16le').decode(content.subarray(2));
  } else if (content[0] === 0xfe && content[1] === 0xff) {
    text = new TextDecoder('utf-16be').decode(content.subarray(2));
  } else {
    const nul = content.subarray(0, 8192).indexOf(0);
    if (nul >= 0) {
      throw new IngestError(
        'binary-content',
        'the file contains binary data, not text',
        source,
        lineOfByte(content, nul),
      );
    }
    try {
      text = utf8.decode(content);
    } catch {
      const lenient = lenientUtf8.decode(content);
      throw new IngestError(
        'unsupported-encoding',
        'the file is not valid UTF-8 text (re-save it as UTF-8)',
        source,
        lineOfChar(lenient, lenient.indexOf('\uFFFD')),
      );
    }
  }
  text = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  // Control characters other than tab and newline mean binary data that happened to decode.
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  const controls = [...text.slice(0, 8192).matchAll(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g)];
  if (controls.length > 2) {
    const line = lineOfChar(text, controls[0]!.index);
    throw new IngestError('binary-content', 'the file contains binary data, not text', source, line);
  }
  if (text.trim() === '') throw new IngestError('empty-file', 'the file contains only whitespace', source, 1);
  return text;
}
