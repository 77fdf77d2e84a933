import { createLogger } from '@ferry/logging';
import { createNetSuiteSimulator } from './netsuite-simulator';

const logger = createLogger('netsuite-simulator');
const port = Number(process.env['NETSUITE_SIMULATOR_PORT'] ?? process.env['HTTP_PORT'] ?? 4010);
const host = process.env['NETSUITE_SIMULATOR_HOST'] ?? process.env['SIMULATOR_HOST'] ?? '127.0.0.1';
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  logger.fatal(`NETSUITE_SIMULATOR_PORT must be a port number, got "${process.env['NETSUITE_SIMULATOR_PORT']}"`);
  process.exit(78);
}

const { app } = createNetSuiteSimulator();
const server = app.listen(port, host, () =>
  logger.info({ url: `http://${host}:${port}`, admin: `http://${host}:${port}/__admin` }, 'NetSuite simulator listening'),
);
process.on('SIGTERM', () => server.close(() => process.exit(0)));
process.on('SIGINT', () => server.close(() => process.exit(0)));
