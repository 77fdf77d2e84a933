import { fitText, measureText, textFieldLimitOf, type TextFieldLimit, type TextFit, type TextLengthUnit } from './text-fit';

const truncate = (maxLength: number, unit: TextLengthUnit): TextFieldLimit => ({ maxLength, unit, overflow: 'truncate' });
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

describe('measureText counts as the ERP counts', () => {
  it.each<[string, string, TextLengthUnit, number]>([
    ['ASCII', 'Acme', 'utf16', 4],
    ['an emoji, in UTF-16 code units (SAP, Dataverse, NetSuite)', '🚀', 'utf16', 2],
    ['an emoji, in code points (Oracle character semantics)', '🚀', 'codepoint', 1],
    ['an emoji, in UTF-8 bytes', '🚀', 'utf8', 4],
    ['CJK, in UTF-16 code units', '東京', 'utf16', 2],
    ['CJK, in UTF-8 bytes', '東京', 'utf8', 6],
    ['Hebrew, in UTF-8 bytes', 'שלום', 'utf8', 8],
    ['a ZWJ family, in code points', '👨‍👩‍👧', 'codepoint', 5],
  ])('%s', (_case, text, unit, length) => {
    expect(measureText(text, unit)).toBe(length);
  });
});

describe('fitText', () => {
  it.each<[string, string, TextFieldLimit, TextFit]>([
    ['a text that fits is untouched', 'Acme GmbH', truncate(20, 'utf16'), { kind: 'fits', value: 'Acme GmbH' }],
    ['exactly the limit fits', 'x'.repeat(20), truncate(20, 'utf16'), { kind: 'fits', value: 'x'.repeat(20) }],
    // 19 characters then an emoji: the emoji's two code units would make 21, so it goes whole.
    [
      'an emoji across the SAP limit goes whole',
      `${'A'.repeat(19)}🚀B`,
      truncate(20, 'utf16'),
      { kind: 'truncated', value: 'A'.repeat(19) },
    ],
    [
      'the same name fits Oracle, which counts the emoji once',
      `${'A'.repeat(19)}🚀`,
      truncate(20, 'codepoint'),
      { kind: 'fits', value: `${'A'.repeat(19)}🚀` },
    ],
    ['a ZWJ sequence is never split', `${'A'.repeat(15)}👨‍👩‍👧`, truncate(20, 'utf16'), { kind: 'truncated', value: 'A'.repeat(15) }],
    ['a flag is never split', `${'A'.repeat(18)}🇩🇪`, truncate(20, 'utf16'), { kind: 'truncated', value: 'A'.repeat(18) }],
    [
      'a combining accent stays with its letter',
      `${'A'.repeat(19)}e\u0301`,
      truncate(20, 'utf16'),
      { kind: 'truncated', value: 'A'.repeat(19) },
    ],
    ['CJK cut on whole characters in UTF-8 bytes', '株式会社東京', truncate(10, 'utf8'), { kind: 'truncated', value: '株式会' }],
    ['a trailing space left by the cut is dropped', 'Acme Rockets', truncate(5, 'utf16'), { kind: 'truncated', value: 'Acme' }],
    ['an isolate left open by the cut is dropped', '\u2067שלום עולם\u2069 Ltd', truncate(6, 'utf16'), { kind: 'truncated', value: 'שלום' }],
    [
      'a closed isolate is kept',
      '\u2067שלום\u2069 Ltd Holdings',
      truncate(10, 'utf16'),
      { kind: 'truncated', value: '\u2067שלום\u2069 Ltd' },
    ],
    [
      'an identifier is refused, not cut',
      'INV-2026-000000000001',
      { maxLength: 20, unit: 'utf16', overflow: 'reject' },
      { kind: 'too_long', length: 21 },
    ],
  ])('%s', (_case, text, limit, fit) => {
    const result = fitText(text, limit);
    expect(result).toEqual(fit);
    if (result.kind !== 'too_long') {
      expect(measureText(result.value, limit.unit)).toBeLessThanOrEqual(limit.maxLength);
      expect(result.value).not.toMatch(LONE_SURROGATE);
    }
  });
});

describe('textFieldLimitOf never loosens a limit it does not understand', () => {
  it.each<[string, { maxLength: number; unit: string; overflow: string }, TextFieldLimit]>([
    ['a known limit', { maxLength: 20, unit: 'utf16', overflow: 'truncate' }, truncate(20, 'utf16')],
    ['an unknown unit counts UTF-8 bytes', { maxLength: 20, unit: 'ucs4', overflow: 'truncate' }, truncate(20, 'utf8')],
    [
      'an unknown overflow rejects',
      { maxLength: 20, unit: 'codepoint', overflow: 'shorten' },
      { maxLength: 20, unit: 'codepoint', overflow: 'reject' },
    ],
  ])('%s', (_case, limit, expected) => {
    expect(textFieldLimitOf(limit)).toEqual(expected);
  });
});
