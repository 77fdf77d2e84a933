export * from './delivery.config';
export * from './delivery-ledger.entity';
export * from './migrations/1795400100000-create-delivery-ledger';
export * from './erp-delivery.service';
export * from './delivery-commands.consumer';
export * from './delivery.module';
