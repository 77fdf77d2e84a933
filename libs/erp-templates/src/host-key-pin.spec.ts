import { hostKeyPinProblem } from './host-key-pin';

describe('a csv_sftp connection pins its server host key', () => {
  it.each<[string, string | undefined, RegExp | undefined]>([
    ['a SHA256 fingerprint', `SHA256:${'A'.repeat(43)}`, undefined],
    ['a fingerprint with + and /', `SHA256:${'a+/9'.repeat(10)}abc`, undefined],
    ['no fingerprint', undefined, /is required/],
    ['a blank fingerprint', '  ', /is required/],
    ['an MD5 fingerprint', 'MD5:16:27:ac:a5:76:28:2d:36:63:1b:56:4d:eb:df:a6:48', /SHA256 fingerprint/],
    ['a truncated fingerprint', 'SHA256:abc', /SHA256 fingerprint/],
    ['a fingerprint with trailing text', `SHA256:${'A'.repeat(43)} extra`, /SHA256 fingerprint/],
  ])('%s', (_case, fingerprint, problem) => {
    const found = hostKeyPinProblem(fingerprint);
    if (problem) expect(found).toMatch(problem);
    else expect(found).toBeUndefined();
  });
});
