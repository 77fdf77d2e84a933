import type { TenantConfiguration } from '@ferry/contracts';
import { routedConnectionId } from './canonical-event-router';

const connection = (connectionId: string, erpKind: string) => ({ connectionId, erpKind }) as TenantConfiguration['connections'][number];
const configuration = {
  connections: [connection('ns-us', 'netsuite'), connection('ns-eu', 'netsuite'), connection('warehouse', 'webhook')],
} as TenantConfiguration;

describe('routedConnectionId: where a route rule sends one mapping’s command', () => {
  it.each<[string, string, string | undefined, string]>([
    ['no route rule matched', 'ns-us', undefined, 'ns-us'],
    ['a route to another connection of the same ERP kind', 'ns-us', 'ns-eu', 'ns-eu'],
    ['the webhook target of the same entity, when the route names a NetSuite account', 'warehouse', 'ns-eu', 'warehouse'],
    ['a route naming a connection of another kind than the mapping', 'ns-us', 'warehouse', 'ns-us'],
    ['a route to a connection the tenant does not have (reported as CONNECTION_MISSING)', 'ns-us', 'gone', 'gone'],
  ])('%s', (_case, mappedTo, routeTo, expected) => {
    expect(routedConnectionId(configuration, mappedTo, routeTo)).toBe(expected);
  });
});
