export * from './csv-sftp-simulator';
export * from './legacy-erp';
