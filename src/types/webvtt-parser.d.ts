// Types for the parts of webvtt-parser (the W3C's reference WebVTT parser) that castindex uses.
// The package is CommonJS and assigns its exports at run time, so only its default export can
// be imported from ESM; the named exports here are types only.
declare module 'webvtt-parser' {
  export type ErrorHandler = (message: string, column?: number) => void;

  /** A cue as the timing parser fills it in: times in seconds, plus the cue settings. */
  export interface VttCue {
    startTime: number;
    endTime: number;
    [setting: string]: unknown;
  }

  export type VttNode =
    | { type: 'text'; value: string }
    | { type: 'timestamp'; value: number }
    | {
        type: 'object';
        /** Tag name: "v" (voice), "c", "i", "b", "u", "ruby", "rt", "lang". */
        name: string;
        classes: string[];
        /** The annotation: the speaker's name for a "v" tag, the language for "lang". */
        value?: string;
        children: VttNode[];
      };

  export interface TimingsParser {
    /** Reads "start --> end settings" into the cue; falsy when the timing cannot be read. */
    parse(cue: VttCue, previousCueStart: number): true | undefined;
  }

  export interface CueTextParser {
    parse(cueStart: number, cueEnd: number): { children: VttNode[] };
  }

  const webvtt: {
    WebVTTCueTimingsAndSettingsParser: new (line: string, onError: ErrorHandler) => TimingsParser;
    WebVTTCueTextParser: new (
      text: string,
      onError: ErrorHandler,
      mode: string,
      entities?: Record<string, string>,
    ) => CueTextParser;
  };
  export default webvtt;
}
