import { createLogger } from '@ferry/logging';
import { createDataverseSimulator } from './dataverse-simulator';

const logger = createLogger('dynamics365-simulator');
const port = Number(process.env['DYNAMICS_SIMULATOR_PORT'] ?? process.env['HTTP_PORT'] ?? 4030);
const host = process.env['DYNAMICS_SIMULATOR_HOST'] ?? process.env['SIMULATOR_HOST'] ?? '127.0.0.1';
const server = createDataverseSimulator().app.listen(port, host, () =>
  logger.info({ url: `http://${host}:${port}` }, 'Dynamics 365 / Dataverse simulator listening'),
);
process.on('SIGTERM', () => server.close(() => process.exit(0)));
process.on('SIGINT', () => server.close(() => process.exit(0)));
