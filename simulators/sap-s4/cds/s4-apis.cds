// The parts of SAP S/4HANA Cloud's OData V2 APIs Ferry writes and reads, modelled in CAP. SAP's real services have many
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
        TotalNetAmount          : Decimal(16, 3);
        // Status fields S/4 sets (read-only in the API): A not yet processed, B partially, C completely.
        OverallSDProcessStatus        : String(1);
        OverallTotalDeliveryStatus    : String(1);
        OverallOrdReltdBillgStatus    : String(1);
        OverallSDDocumentRejectionSts : String(1);
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

// Billing documents are created in S/4 by billing (from the order or its delivery), never by Ferry: read only.
@path: '/sap/opu/odata4/API_BILLING_DOCUMENT_SRV'
service API_BILLING_DOCUMENT_SRV {
  @cds.persistence.skip
  @readonly
  entity A_BillingDocument {
    key BillingDocument            : String(10);
        BillingDocumentType        : String(4);
        SoldToParty                : String(10);
        BillingDocumentDate        : Date;
        TotalNetAmount             : Decimal(16, 3);
        TotalGrossAmount           : Decimal(16, 3);
        TaxAmount                  : Decimal(16, 3);
        TransactionCurrency        : String(5);
        CustomerPaymentTerms       : String(4);
        BillingDocumentIsCancelled : Boolean;
        CancelledBillingDocument   : String(10);
        OverallBillingStatus       : String(1);
        AccountingPostingStatus    : String(1);
        // Clearing in Financial Accounting: A not cleared, B partially cleared, C cleared.
        InvoiceClearingStatus      : String(1);
        AccountingDocument         : String(10);
        CreationDate               : Date;
        LastChangeDate             : Date;
        LastChangeDateTime         : Timestamp;
        to_Item                    : Composition of many A_BillingDocumentItem on to_Item.BillingDocument = $self.BillingDocument;
  }
  @cds.persistence.skip
  @readonly
  entity A_BillingDocumentItem {
    key BillingDocument          : String(10);
    key BillingDocumentItem      : String(6);
        Material                 : String(40);
        BillingQuantity          : Decimal(13, 3);
        NetAmount                : Decimal(16, 3);
        SalesDocument            : String(10);
        SalesDocumentItem        : String(6);
        ReferenceSDDocument      : String(10);
        ReferenceSDDocumentItem  : String(6);
  }
}

// Outbound deliveries: a delivery has no LastChangeDateTime, only LastChangeDate (a date); the goods issue is
// ActualGoodsMovementDate / ActualGoodsMovementTime with OverallGoodsMovementStatus C.
@path: '/sap/opu/odata4/API_OUTBOUND_DELIVERY_SRV'
service API_OUTBOUND_DELIVERY_SRV {
  @cds.persistence.skip
  @readonly
  entity A_OutbDeliveryHeader {
    key DeliveryDocument           : String(10);
        DeliveryDocumentType       : String(4);
        SoldToParty                : String(10);
        ShipToParty                : String(10);
        ShippingPoint              : String(4);
        BillOfLading               : String(35);
        MeansOfTransport           : String(20);
        OverallPickingStatus       : String(1);
        OverallGoodsMovementStatus : String(1);
        OverallSDProcessStatus     : String(1);
        ActualGoodsMovementDate    : DateTime;
        ActualGoodsMovementTime    : Time;
        CreationDate               : DateTime;
        LastChangeDate             : DateTime;
        to_DeliveryDocumentItem    : Composition of many A_OutbDeliveryItem on to_DeliveryDocumentItem.DeliveryDocument = $self.DeliveryDocument;
  }
  @cds.persistence.skip
  @readonly
  entity A_OutbDeliveryItem {
    key DeliveryDocument        : String(10);
    key DeliveryDocumentItem    : String(6);
        Material                : String(40);
        ActualDeliveryQuantity  : Decimal(13, 3);
        DeliveryQuantityUnit    : String(3);
        ReferenceSDDocument     : String(10);
        ReferenceSDDocumentItem : String(6);
        GoodsMovementStatus     : String(1);
  }
}
