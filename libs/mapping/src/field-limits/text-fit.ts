/**
 * How an ERP counts the length of a text field. ERPs disagree, and a text that fits one can be refused by another:
 * - `utf16`: UTF-16 code units (SAP ABAP on Unicode systems, .NET's Dataverse, Java's NetSuite): an emoji or any
 *   character outside the Basic Multilingual Plane counts twice;
 * - `codepoint`: Unicode code points (Oracle Database columns with character length semantics in AL32UTF8);
 * - `utf8`: bytes of the UTF-8 encoding (databases with byte length semantics): a CJK character counts three.
 */
export type TextLengthUnit = 'utf16' | 'codepoint' | 'utf8';

export const TEXT_LENGTH_UNITS: readonly TextLengthUnit[] = ['utf16', 'codepoint', 'utf8'];

/** What Ferry does with a text longer than the ERP field holds. */
export type TextOverflow = 'truncate' | 'reject';

export interface TextFieldLimit {
  maxLength: number;
  unit: TextLengthUnit;
  /** `truncate` only where a shorter value is still correct (names, search terms, memos); identifiers `reject`. */
  overflow: TextOverflow;
}

/** The length of a text as an ERP counting in `unit` counts it. */
export function measureText(text: string, unit: TextLengthUnit): number {
  switch (unit) {
    case 'utf16':
      return text.length;
    case 'codepoint': {
      let count = 0;
      for (const _ of text) count += 1;
      return count;
    }
    case 'utf8':
      return Buffer.byteLength(text, 'utf8');
  }
}

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
/** Bidirectional embeddings, overrides and isolates: a cut must not leave one open (it would reorder what follows). */
const BIDI_OPENERS = /[\u202A-\u202E\u2066-\u2068]/u;
const BIDI_CLOSERS = /[\u202C\u2069]/u;

export type TextFit = { kind: 'fits'; value: string } | { kind: 'truncated'; value: string } | { kind: 'too_long'; length: number };

/**
 * Fits a text into a field limit. A text that fits is returned untouched. Otherwise, when the limit allows it, the
 * text is cut at the last whole grapheme (user-perceived character: an emoji with its modifiers and joiners, a
 * letter with its combining marks, a flag) that fits, so no surrogate pair, ZWJ sequence or accent is split; a
 * trailing space and an embedding or isolate left open by the cut are dropped.
 */
export function fitText(text: string, limit: TextFieldLimit): TextFit {
  const length = measureText(text, limit.unit);
  if (length <= limit.maxLength) return { kind: 'fits', value: text };
  if (limit.overflow === 'reject') return { kind: 'too_long', length };
  let kept = '';
  let used = 0;
  for (const { segment } of graphemes.segment(text)) {
    const size = measureText(segment, limit.unit);
    if (used + size > limit.maxLength) break;
    kept += segment;
    used += size;
  }
  return { kind: 'truncated', value: closeOpenBidi(kept).trimEnd() };
}

/** Drops the bidirectional controls a cut left without their closing character. */
function closeOpenBidi(text: string): string {
  const characters = [...text];
  const open: number[] = [];
  characters.forEach((character, index) => {
    if (BIDI_OPENERS.test(character)) open.push(index);
    else if (BIDI_CLOSERS.test(character)) open.pop();
  });
  if (open.length === 0) return text;
  const unclosed = new Set(open);
  return characters.filter((_, index) => !unclosed.has(index)).join('');
}

/**
 * The limit a configuration record (strings from Avro) describes. An unknown unit is counted in UTF-8 bytes, the
 * count that is never smaller than the others, and an unknown overflow rejects: a limit never loosens by mistake.
 */
export function textFieldLimitOf(limit: { maxLength: number; unit: string; overflow: string }): TextFieldLimit {
  return {
    maxLength: limit.maxLength,
    unit: (TEXT_LENGTH_UNITS as readonly string[]).includes(limit.unit) ? (limit.unit as TextLengthUnit) : 'utf8',
    overflow: limit.overflow === 'truncate' ? 'truncate' : 'reject',
  };
}
