import { ErpError, type ErpErrorClass } from '@ferry/erp-core';
import { permanent } from '@ferry/kafka';
import { classifyFailure, type AttemptOutcome } from './delivery-attempt.service';

describe('what the lane does with each ERP failure class', () => {
  it.each<[ErpErrorClass, AttemptOutcome['kind']]>([
    ['retryable', 'retry'],
    ['throttled', 'throttled'],
    ['auth_expired', 'retry'],
    ['auth_revoked', 'park'],
    ['validation', 'dead_letter'],
    ['conflict', 'dead_letter'],
    ['not_found', 'dead_letter'],
    ['missing_reference', 'await_reference'],
  ])('%s → %s', (errorClass, kind) => {
    expect(classifyFailure(new ErpError(errorClass, 'netsuite', 'upsert', 'refused', { erpCode: 'X' })).kind).toBe(kind);
  });

  it('keeps the class, the ERP code and the message of a missing reference for the statuses and the dead letter', () => {
    const error = new ErpError(
      'missing_reference',
      'sap_s4',
      'upsert',
      'SoldToParty refers to A_BusinessPartner …, which SAP does not hold (yet)',
    );
    expect(classifyFailure(error)).toEqual({
      kind: 'await_reference',
      failure: { errorClass: 'missing_reference', errorCode: 'MISSING_REFERENCE', message: error.message },
    });
  });

  it('dead-letters a permanent platform error', () => {
    expect(classifyFailure(permanent('BAD_PAYLOAD', 'payload unreadable')).kind).toBe('dead_letter');
  });
});
