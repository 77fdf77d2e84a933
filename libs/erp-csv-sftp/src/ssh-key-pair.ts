import { utils } from 'ssh2';

/**
 * An ed25519 key pair in OpenSSH format that ssh2 can read back. ssh2's generator strips leading zero bytes
 * from the public key, so about one pair in 256 is unparseable ("Malformed OpenSSH private key",
 * mscdex/ssh2#1390, #1513); such pairs are thrown away and drawn again.
 */
export function generateSshKeyPair(): { private: string; public: string } {
  for (;;) {
    const pair = utils.generateKeyPairSync('ed25519');
    if (!(utils.parseKey(pair.private) instanceof Error) && !(utils.parseKey(pair.public) instanceof Error)) return pair;
  }
}
