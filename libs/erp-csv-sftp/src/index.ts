export * from './csv-sftp-connector';
export * from './ssh-key-pair';
export * from './csv-file';
export * from './sftp-session';
