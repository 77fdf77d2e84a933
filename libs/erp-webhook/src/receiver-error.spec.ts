import { receiverError } from './webhook-connector';

describe('receiverError: only the receiver parsed code and message reach an error', () => {
  it.each<[string, { code?: string; message?: string }]>([
    ['{"code":"BAD_FIELD","message":"name is required"}', { code: 'BAD_FIELD', message: 'name is required' }],
    ['{"error":{"code":"E42","message":"duplicate"}}', { code: 'E42', message: 'duplicate' }],
    ['{"error":"rate limited"}', { message: 'rate limited' }],
    ['<html><body>internal admin page: token=abc</body></html>', {}],
    ['{"ami-id":"ami-123","instance-id":"i-abc"}', {}],
    ['"just a string"', {}],
    ['', {}],
    [JSON.stringify({ message: 'x'.repeat(5000) }), { message: `${'x'.repeat(299)}…` }],
  ])('%s', (body, expected) => {
    expect(receiverError(body)).toEqual(expected);
  });
});
