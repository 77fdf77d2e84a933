import { createLogger } from '@ferry/logging';
import { createOracleFusionSimulator } from './oracle-fusion-simulator';

const logger = createLogger('oracle-fusion-simulator');
const port = Number(process.env['ORACLE_SIMULATOR_PORT'] ?? process.env['HTTP_PORT'] ?? 4040);
// Loopback unless told otherwise (containers set SIMULATOR_HOST=0.0.0.0).
const host = process.env['SIMULATOR_HOST'] ?? '127.0.0.1';
const server = createOracleFusionSimulator().app.listen(port, host, () =>
  logger.info({ url: `http://127.0.0.1:${port}` }, 'Oracle Fusion simulator listening'),
);
process.on('SIGTERM', () => server.close(() => process.exit(0)));
process.on('SIGINT', () => server.close(() => process.exit(0)));
