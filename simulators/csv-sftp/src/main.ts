import { createLogger } from '@ferry/logging';
import { createCsvSftpSimulator } from './csv-sftp-simulator';

const logger = createLogger('csv-sftp-simulator');
const httpPort = Number(process.env['CSV_SFTP_SIMULATOR_PORT'] ?? process.env['HTTP_PORT'] ?? 4060);
const sftpPort = Number(process.env['CSV_SFTP_SIMULATOR_SFTP_PORT'] ?? httpPort + 1);
// Loopback unless told otherwise (containers set SIMULATOR_HOST=0.0.0.0).
const host = process.env['SIMULATOR_HOST'] ?? '127.0.0.1';
const { app, sftp } = createCsvSftpSimulator();
sftp.listen(sftpPort, host, () => logger.info({ sftp: `sftp://127.0.0.1:${sftpPort}` }, 'SFTP server listening'));
const server = app.listen(httpPort, host, () =>
  logger.info({ admin: `http://127.0.0.1:${httpPort}/__admin` }, 'CSV/SFTP legacy ERP simulator listening'),
);
const stop = () => {
  sftp.close();
  server.close(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
