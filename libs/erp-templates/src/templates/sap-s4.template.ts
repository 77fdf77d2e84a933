import { fieldLimit, type ErpTemplate } from '../erp-template';

/** SAP counts a CHAR field in UTF-16 code units (ABAP on a Unicode system): an emoji takes two. */
const { truncate, reject } = fieldLimit;

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
        OrganizationBPName1: 'customer.name',
        SearchTerm1: '$uppercase(customer.name)',
        BusinessPartnerCategory: "'2'",
        to_BusinessPartnerAddress:
          "customer.billingAddress ? [customer.billingAddress.{ 'AddressID': '1', 'StreetName': line1, 'CityName': city, 'PostalCode': postalCode, 'Country': countryCode }]",
      },
      requiredFields: ['OrganizationBPName1', 'BusinessPartnerCategory'],
      fieldLimits: {
        OrganizationBPName1: truncate(40, 'utf16'),
        SearchTerm1: truncate(20, 'utf16'),
        'to_BusinessPartnerAddress[].StreetName': truncate(60, 'utf16'),
        'to_BusinessPartnerAddress[].CityName': truncate(40, 'utf16'),
        'to_BusinessPartnerAddress[].PostalCode': reject(10, 'utf16'),
        'to_BusinessPartnerAddress[].Country': reject(3, 'utf16'),
      },
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
      fieldLimits: {
        PurchaseOrderByCustomer: reject(35, 'utf16'),
        TransactionCurrency: reject(5, 'utf16'),
        'to_Item[].Material': reject(40, 'utf16'),
      },
    },
  },
};

export const SAP_S4_TEMPLATES = [v1];
