import { S4System } from './sap-s4-simulator';
import { S4StateError, billOrder, clearBillingDocument, deliverOrder, newSalesOrderStatus, teamStep } from './s4-order-to-cash';

const systemWithOrder = () => {
  const system = new S4System('S4T', new Map());
  const order = {
    SalesOrder: '0000000001',
    SoldToParty: '1000001',
    to_Item: [{ SalesOrderItem: '10', Material: 'TG11', RequestedQuantity: '3' }],
  };
  system.table('A_SalesOrder').set('0000000001', { ...order, ...newSalesOrderStatus(order), LastChangeDateTime: system.changeTimestamp() });
  return system;
};

describe('the S/4 simulator’s order to cash', () => {
  it('delivers, bills and clears an order as S/4’s users do, each step moving the change time', () => {
    const system = systemWithOrder();
    const order = system.table('A_SalesOrder').get('0000000001')!;
    const created = String(order['LastChangeDateTime']);
    const delivery = deliverOrder(system, '0000000001', { billOfLading: 'BOL-1' });
    expect(delivery).toMatchObject({ OverallGoodsMovementStatus: 'C', BillOfLading: 'BOL-1' });
    expect(order).toMatchObject({ OverallTotalDeliveryStatus: 'C', OverallSDProcessStatus: 'B' });
    expect(String(order['LastChangeDateTime']) > created).toBe(true);
    const billing = billOrder(system, '0000000001');
    expect(billing).toMatchObject({
      TotalGrossAmount: '30',
      InvoiceClearingStatus: 'A',
      to_Item: [expect.objectContaining({ SalesDocument: '0000000001' })],
    });
    expect(order).toMatchObject({ OverallOrdReltdBillgStatus: 'C', OverallSDProcessStatus: 'C' });
    expect(clearBillingDocument(system, String(billing['BillingDocument']), 10)).toMatchObject({ InvoiceClearingStatus: 'B' });
    expect(() => clearBillingDocument(system, String(billing['BillingDocument']), 25)).toThrow(S4StateError);
    expect(clearBillingDocument(system, String(billing['BillingDocument']), undefined)).toMatchObject({ InvoiceClearingStatus: 'C' });
    expect(() => deliverOrder(system, '0000000001', {})).toThrow(S4StateError);
  });

  it('has its background team deliver, then bill, then clear, one step a round', () => {
    const system = systemWithOrder();
    expect(teamStep(system)).toEqual(['delivered 80000001']);
    expect(teamStep(system)).toEqual(['billed 90000001']);
    expect(teamStep(system)).toEqual(['cleared 90000001']);
    expect(teamStep(system)).toEqual([]);
  });
});
