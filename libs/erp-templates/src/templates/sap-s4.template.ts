import type { ErpTemplate } from '../erp-template';

/**
 * SAP S/4HANA Cloud OData V2 (API_BUSINESS_PARTNER, API_SALES_ORDER_SRV). No upsert: the adapter looks the
 * record up by SearchTerm2 (which carries Ferry's external id) before it creates.
 */
const v1: ErpTemplate = {
  name: 'sap-s4',
  version: 1,
  erpKind: 'sap_s4',
  description: 'SAP S/4HANA Cloud, OData V2 communication arrangement (basic auth or OAuth 2.0 SAML bearer)',
  authKind: 'basic',
  requiredSettings: ['communicationUser', 'salesOrganization', 'distributionChannel', 'division'],
  credentialFields: ['password'],
  entities: {
    customer: {
      recordType: 'A_BusinessPartner',
      externalIdExpression: "'FERRY-' & customer.customerId",
      fieldExpressions: {
        OrganizationBPName1: '$substring(customer.name, 0, 40)',
        SearchTerm1: '$uppercase($substring(customer.name, 0, 20))',
        BusinessPartnerCategory: "'2'",
        'to_BusinessPartnerAddress.results':
          "customer.billingAddress ? [customer.billingAddress.{ 'StreetName': line1, 'CityName': city, 'PostalCode': postalCode, 'Country': countryCode }]",
      },
      requiredFields: ['OrganizationBPName1', 'BusinessPartnerCategory'],
    },
    sales_order: {
      recordType: 'A_SalesOrder',
      externalIdExpression: "'FERRY-SO-' & order.orderId",
      fieldExpressions: {
        SalesOrderType: "'OR'",
        PurchaseOrderByCustomer: 'order.purchaseOrderNumber ? order.purchaseOrderNumber : order.orderNumber',
        SoldToPartyExternalId: "'FERRY-' & order.customerId",
        TransactionCurrency: 'order.currency',
        'to_Item.results': "[order.lines.{ 'Material': sku, 'RequestedQuantity': quantity }]",
      },
      requiredFields: ['SalesOrderType', 'SoldToPartyExternalId', 'to_Item.results'],
    },
  },
};

export const SAP_S4_TEMPLATES = [v1];
