import type { OperatorRole } from '@ferry/config';
import { operatorMay, type RequiredScope } from './operator-access';

describe('operatorMay: which operator roles may do what a route demands', () => {
  it.each<[RequiredScope, OperatorRole, boolean]>([
    ['read', 'viewer', true],
    ['read', 'operator', true],
    ['read', 'admin', true],
    ['fleet-read', 'viewer', true],
    ['fleet-read', 'operator', true],
    ['fleet-read', 'admin', true],
    ['ingest', 'viewer', false],
    ['ingest', 'operator', true],
    ['ingest', 'admin', true],
    ['admin', 'viewer', false],
    ['admin', 'operator', true],
    ['admin', 'admin', true],
    ['operator', 'viewer', false],
    ['operator', 'operator', false],
    ['operator', 'admin', true],
  ])('%s as %s: %s', (required, role, allowed) => {
    expect(operatorMay(role, required)).toBe(allowed);
  });
});
