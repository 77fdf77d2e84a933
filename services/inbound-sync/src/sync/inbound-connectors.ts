/** The ERP connectors inbound-sync reads with, by ERP kind (a Record<string, ErpConnector>). */
export const INBOUND_CONNECTORS = Symbol('INBOUND_CONNECTORS');
