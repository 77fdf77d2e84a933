import { HttpException, NotFoundException } from '@nestjs/common';
import type { Principal } from '@ferry/access';
import type { OperatorAuditEntry, OperatorAuditRepository } from '@ferry/database';
import { DeliveryLanesController } from './delivery-lanes.controller';
import type { DeliveryLanesService } from './delivery-lanes.service';

function controllerWith(parked: boolean) {
  const recorded: OperatorAuditEntry[] = [];
  const resumed: string[] = [];
  const lanes = {
    resume: (lane: { connectionId: string }) => Promise.resolve(void resumed.push(lane.connectionId)).then(() => parked),
  } as unknown as DeliveryLanesService;
  const audit = { record: (entry: OperatorAuditEntry) => Promise.resolve(void recorded.push(entry)) } as unknown as OperatorAuditRepository;
  return { controller: new DeliveryLanesController(lanes, audit), recorded, resumed };
}

const support: Principal = { kind: 'operator', id: 'sam', role: 'operator' };
const tenantKey: Principal = { kind: 'tenant', id: 'abc123', tenantId: 'acme', scopes: ['admin'] };

describe('DeliveryLanesController.resume', () => {
  it.each<[string, Principal, unknown, Partial<OperatorAuditEntry>]>([
    ['a named operator with a reason', support, { reason: 'NetSuite is back' }, { actor: 'operator:sam', reason: 'NetSuite is back' }],
    ['a tenant admin key without a body', tenantKey, undefined, { actor: 'api-key:abc123', reason: null }],
  ])('audits a resume by %s: who, which connection, parked before and not after', async (_case, principal, body, expected) => {
    const { controller, recorded } = controllerWith(true);
    await expect(controller.resume('acme', 'netsuite-prod', body, principal)).resolves.toEqual({ resumed: true });
    expect(recorded).toEqual([
      {
        tenantId: 'acme',
        action: 'delivery-lane.resume',
        subject: 'netsuite-prod',
        before: { parked: true },
        after: { parked: false },
        ...expected,
      },
    ]);
  });

  it('audits nothing when the lane was not parked (404)', async () => {
    const { controller, recorded } = controllerWith(false);
    await expect(controller.resume('acme', 'netsuite-prod', {}, support)).rejects.toBeInstanceOf(NotFoundException);
    expect(recorded).toEqual([]);
  });

  it('refuses an unknown body field or an empty reason with 400, resuming nothing', async () => {
    for (const body of [{ reason: '' }, { why: 'x' }]) {
      const { controller, recorded, resumed } = controllerWith(true);
      await expect(controller.resume('acme', 'netsuite-prod', body, support)).rejects.toBeInstanceOf(HttpException);
      expect(resumed).toEqual([]);
      expect(recorded).toEqual([]);
    }
  });
});
