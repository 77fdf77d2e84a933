import { SchemaCatalog } from '@ferry/contracts';
import { referencedPaths, unknownReferences } from './expression-references';

const customerEvent = SchemaCatalog.load().subject('io.ferry.customer.v1.CustomerUpserted').type;

describe('expression references', () => {
  it('finds the event paths an expression reads, through predicates and blocks, not variables', () => {
    expect(
      referencedPaths(
        "customer.contacts[isPrimary].email & customer.billingAddress.(line1 & city) & $x.y & $lookup({'a':'b'}, customer.paymentTerms)",
      ).map((r) => r.path.join('.')),
    ).toEqual(
      expect.arrayContaining([
        'customer.contacts.isPrimary',
        'customer.contacts.email',
        'customer.billingAddress.line1',
        'customer.billingAddress.city',
        'customer.billingAddress',
        'customer.paymentTerms',
      ]),
    );
  });

  it('names a field the canonical schema does not have, with its position', () => {
    expect(unknownReferences('customer.nmae', customerEvent)).toEqual([
      { path: 'customer.nmae', position: 13, problem: 'customer.nmae does not exist: customer has no field "nmae"' },
    ]);
    expect(unknownReferences('customer.attributes.anything & customer.contacts.email & $.envelope.tenantId', customerEvent)).toEqual([]);
  });
});
