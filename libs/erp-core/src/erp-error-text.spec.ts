import { erpErrorText, unreadableErrorAnswer } from './erp-error-text';

describe('erpErrorText', () => {
  it.each<[unknown, string | undefined]>([
    ['Invalid Field Value 99 for the following field: subsidiary', 'Invalid Field Value 99 for the following field: subsidiary'],
    ['  two\n\tlines\r\n ', 'two lines'],
    ['bell\u0007and\u001b[31mescape', 'bell and [31mescape'],
    ['', undefined],
    ['   ', undefined],
    [undefined, undefined],
    [{ secret: 'x' }, undefined],
    [404, '404'],
    ['x'.repeat(1000), `${'x'.repeat(299)}…`],
  ])('%j → %j', (value, expected) => {
    expect(erpErrorText(value)).toBe(expected);
  });
});

describe('unreadableErrorAnswer', () => {
  it.each([
    [502, 'Bad Gateway (no error message Ferry can read in the answer)'],
    [599, 'HTTP error (no error message Ferry can read in the answer)'],
  ])('%d → %s', (status, expected) => {
    expect(unreadableErrorAnswer(status)).toBe(expected);
  });
});
