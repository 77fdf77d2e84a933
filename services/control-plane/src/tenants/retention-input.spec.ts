import { parseBody } from '@ferry/platform';
import { policiesInput } from './tenant-spec';

/** The 400 message a PUT /policies body gets, or undefined when it is accepted. */
function rejection(body: unknown): string | undefined {
  try {
    parseBody(policiesInput, body);
    return undefined;
  } catch (error) {
    return (error as { getResponse(): { error: { message: string } } }).getResponse().error.message;
  }
}

describe('policies.retention: days per kind of data, bounded, null for the fleet default', () => {
  it.each([
    ['zero days', { syncStatusDays: 0 }, /retention\.syncStatusDays: at least 1 day/],
    ['a negative number', { deadLetterDays: -5 }, /retention\.deadLetterDays: at least 1 day/],
    ['more than ten years', { receivedEventDays: 3651 }, /retention\.receivedEventDays: at most 3650 days/],
    ['a fraction', { reconciliationDays: 1.5 }, /retention\.reconciliationDays: must be a whole number of days/],
    ['a string', { deliveryDays: '30' }, /retention\.deliveryDays: must be a whole number of days or null/],
    ['an unknown field', { syncStatusDay: 30 }, /retention: Unrecognized key\(s\) in object: 'syncStatusDay'/],
  ])('refuses %s, naming the field', (_case, retention, message) => {
    expect(rejection({ retention })).toMatch(message);
  });

  it.each([
    ['the lower bound', { syncStatusDays: 1 }],
    ['the upper bound', { deadLetterDays: 3650 }],
    ['explicit nulls', { syncStatusDays: null, deliveryDays: null }],
    ['every field', { syncStatusDays: 7, deadLetterDays: 30, receivedEventDays: 14, reconciliationDays: 90, deliveryDays: 3 }],
  ])('accepts %s', (_case, retention) => {
    expect(rejection({ retention })).toBeUndefined();
  });

  it('fills fields left out with null, and retention left out with null (every fleet default)', () => {
    expect(parseBody(policiesInput, { retention: { syncStatusDays: 30 } }).retention).toEqual({
      syncStatusDays: 30,
      deadLetterDays: null,
      receivedEventDays: null,
      reconciliationDays: null,
      deliveryDays: null,
    });
    expect(parseBody(policiesInput, {}).retention).toBeNull();
  });
});
