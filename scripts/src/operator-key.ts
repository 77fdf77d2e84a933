import { createHash, randomBytes } from 'node:crypto';
import { operatorKeyEntry } from '@ferry/config';

/**
 * npm run operators:key -- <name> <viewer|operator|admin> — a new operator token (give it to the operator, once) and
 * the FERRY_OPERATOR_KEYS entry that holds only its sha256; add the entry to every service's FERRY_OPERATOR_KEYS.
 */
const [name = '', role = ''] = process.argv.slice(2);
const token = `fop_${randomBytes(32).toString('base64url')}`;
const result = operatorKeyEntry(name, role, createHash('sha256').update(token).digest('hex'));
if ('problem' in result) {
  process.stderr.write(`operators:key: ${result.problem}\nusage: npm run operators:key -- <name> <viewer|operator|admin>\n`);
  process.exit(64);
}
process.stdout.write(
  `token for ${name} (shown once; hand it over privately):\n  ${token}\n` +
    `FERRY_OPERATOR_KEYS entry (add it, comma-separated, on every service):\n  ${result.entry}\n`,
);
