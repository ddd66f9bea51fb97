import { IngestError } from '../errors.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Bytes → text, refusing what is not a transcript: empty files, binary data (NUL bytes or
 * control characters) and text that is not valid UTF-8 or UTF-16 with a byte-order mark.
 */
export function decodeText(content: Buffer, source: string): string {
  if (content.length === 0) throw new IngestError('empty-file', 'the file is empty', source);
  let text: string;
  if (content[0] === 0xff && content[1] === 0xfe) {
    text = new TextDecoder('utf-16le').decode(content.subarray(2));
  } else if (content[0] === 0xfe && content[1] === 0xff) {
    text = new TextDecoder('utf-16be').decode(content.subarray(2));
  } else {
    const sample = content.subarray(0, 8192);
    if (sample.includes(0)) {
      throw new IngestError('binary-content', 'the file contains binary data, not text', source);
    }
    try {
      text = utf8.decode(content);
    } catch {
      throw new IngestError(
        'unsupported-encoding',
        'the file is not valid UTF-8 text (re-save it as UTF-8)',
        source,
      );
    }
  }
  text = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  // Control characters other than tab and newline mean binary data that happened to decode.
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  const controls = text.slice(0, 8192).match(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g);
  if (controls && controls.length > 2) {
    throw new IngestError('binary-content', 'the file contains binary data, not text', source);
  }
  if (text.trim() === '') throw new IngestError('empty-file', 'the file contains only whitespace', source);
  return text;
}
