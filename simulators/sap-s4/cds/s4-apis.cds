// The parts of SAP S/4HANA Cloud's OData V2 APIs Ferry writes, modelled in CAP. SAP's real services have many
// more properties and navigations; names and types of the ones here follow API_BUSINESS_PARTNER and
// API_SALES_ORDER_SRV. YY1_FerryExternalID is a key-user extensibility field (YY1_ prefix) carrying Ferry's
// external id, since these APIs have no upsert.

@path: '/sap/opu/odata4/API_BUSINESS_PARTNER'
service API_BUSINESS_PARTNER {
  @cds.persistence.skip
  entity A_BusinessPartner {
    key BusinessPartner         : String(10);
        BusinessPartnerCategory : String(1);
        OrganizationBPName1     : String(40);
        SearchTerm1             : String(20);
        YY1_FerryExternalID     : String(60);
        @odata.etag
        LastChangeDateTime      : Timestamp;
        to_BusinessPartnerAddress : Composition of many A_BusinessPartnerAddress on to_BusinessPartnerAddress.BusinessPartner = $self.BusinessPartner;
  }
  @cds.persistence.skip
  entity A_BusinessPartnerAddress {
    key BusinessPartner : String(10);
    key AddressID       : String(10);
        StreetName      : String(60);
        CityName        : String(40);
        PostalCode      : String(10);
        Country         : String(3);
  }
}

@path: '/sap/opu/odata4/API_SALES_ORDER_SRV'
service API_SALES_ORDER_SRV {
  @cds.persistence.skip
  entity A_SalesOrder {
    key SalesOrder              : String(10);
        SalesOrderType          : String(4);
        SoldToParty             : String(10);
        PurchaseOrderByCustomer : String(35);
        TransactionCurrency     : String(5);
        YY1_FerryExternalID     : String(60);
        @odata.etag
        LastChangeDateTime      : Timestamp;
        to_Item                 : Composition of many A_SalesOrderItem on to_Item.SalesOrder = $self.SalesOrder;
  }
  @cds.persistence.skip
  entity A_SalesOrderItem {
    key SalesOrder        : String(10);
    key SalesOrderItem    : String(6);
        Material          : String(40);
        RequestedQuantity : String(20);
  }
}
