export * from './csv-sftp-connector';
