import type { ErpTemplate } from '../erp-template';

/**
 * SAP S/4HANA Cloud OData V2 (API_BUSINESS_PARTNER, API_SALES_ORDER_SRV). No upsert: the adapter looks the
 * record up by the YY1_FerryExternalID extension field before it creates or updates; a sold-to party is a
 * { __ferryRef, externalId } reference the adapter resolves to the business partner number.
 */
const v1: ErpTemplate = {
  name: 'sap-s4',
  version: 1,
  erpKind: 'sap_s4',
  description: 'SAP S/4HANA Cloud, OData V2 communication arrangement (basic auth or OAuth 2.0 SAML bearer)',
  authKind: 'basic',
  requiredSettings: ['communicationUser'],
  inbound: {
    customer: {
      recordType: 'A_BusinessPartner',
      expression: `{
        "customerId": $substring(externalId, 0, 6) = 'FERRY-' ? $substring(externalId, 6) : 'sap-' & erpRecordId,
        "name": fields.OrganizationBPName1,
        "currency": 'EUR',
        "status": 'active',
        "hierarchy": {}
      }`,
    },
  },
  credentialFields: ['password'],
  entities: {
    customer: {
      recordType: 'A_BusinessPartner',
      externalIdExpression: "'FERRY-' & customer.customerId",
      fieldExpressions: {
        OrganizationBPName1: '$substring(customer.name, 0, 40)',
        SearchTerm1: '$uppercase($substring(customer.name, 0, 20))',
        BusinessPartnerCategory: "'2'",
        to_BusinessPartnerAddress:
          "customer.billingAddress ? [customer.billingAddress.{ 'AddressID': '1', 'StreetName': line1, 'CityName': city, 'PostalCode': postalCode, 'Country': countryCode }]",
      },
      requiredFields: ['OrganizationBPName1', 'BusinessPartnerCategory'],
    },
    sales_order: {
      recordType: 'A_SalesOrder',
      externalIdExpression: "'FERRY-SO-' & order.orderId",
      fieldExpressions: {
        SalesOrderType: "'OR'",
        PurchaseOrderByCustomer: 'order.purchaseOrderNumber ? order.purchaseOrderNumber : order.orderNumber',
        SoldToParty: "{ '__ferryRef': 'A_BusinessPartner', 'externalId': 'FERRY-' & order.customerId }",
        TransactionCurrency: 'order.currency',
        to_Item: "[order.lines#$i.{ 'SalesOrderItem': $string(($i + 1) * 10), 'Material': sku, 'RequestedQuantity': quantity }]",
      },
      requiredFields: ['SalesOrderType', 'SoldToParty', 'to_Item'],
    },
  },
};

export const SAP_S4_TEMPLATES = [v1];
