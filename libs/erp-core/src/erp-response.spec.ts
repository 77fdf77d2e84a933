import { ErpError } from './erp-error';
import { readErpErrorText, readErpJson, readErpText } from './erp-response';

/** A response whose body arrives in chunks, without a Content-Length (as a chunked or endless answer does). */
function streamed(chunks: number, chunkBytes: number): Response {
  let sent = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent++ >= chunks) controller.close();
      else controller.enqueue(new Uint8Array(chunkBytes).fill(0x61));
    },
  });
  return new Response(body, { status: 200 });
}
const read = { erp: 'dynamics365', operation: 'list', maxBytes: 1000 };
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error as ErpError,
  );

describe('reading an ERP answer with a byte cap', () => {
  it.each([
    ['under the cap', 3, 100, 300],
    ['exactly at the cap', 10, 100, 1000],
  ])('reads a body %s', async (_case, chunks, chunkBytes, length) => {
    expect((await readErpText(streamed(chunks, chunkBytes), read)).length).toBe(length);
  });

  it('stops reading a body that goes past the cap, as a permanent failure naming the limit', async () => {
    const error = await failure(readErpText(streamed(1_000_000, 100), read));
    expect(error).toBeInstanceOf(ErpError);
    expect(error).toMatchObject({ errorClass: 'validation', details: { erpCode: 'RESPONSE_TOO_LARGE' } });
    expect(error?.message).toContain('larger than 1000 bytes');
  });

  it('refuses a declared Content-Length over the cap without reading the body', async () => {
    const response = new Response('x'.repeat(10), { headers: { 'content-length': '5000' } });
    expect(await failure(readErpText(response, read))).toMatchObject({ details: { erpCode: 'RESPONSE_TOO_LARGE' } });
  });

  it('parses JSON within the cap and calls a non-JSON answer retryable', async () => {
    expect(await readErpJson(new Response('{"value":[]}'), read)).toEqual({ value: [] });
    expect(await failure(readErpJson(new Response('<html>'), read))).toMatchObject({ errorClass: 'retryable' });
  });

  it('gives an error reader an empty text for an error answer larger than the error cap', async () => {
    expect(await readErpErrorText(streamed(1000, 1000), 'netsuite', 'upsert')).toBe('');
    expect(await readErpErrorText(new Response('{"error":"x"}', { status: 400 }), 'netsuite', 'upsert')).toBe('{"error":"x"}');
  });
});
