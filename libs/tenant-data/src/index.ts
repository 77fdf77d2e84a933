export * from './tenant-tables';
export * from './secret-redaction';
export * from './erasure-decision';
export * from './tenant-data.exception';
export * from './tenant-data.repository';
export * from './tenant-data.service';
export * from './tenant-data.controller';
export * from './tenant-data.module';
