import { createLogger } from '@ferry/logging';
import { createSuiteTalkSimulator } from './suitetalk-simulator';

const logger = createLogger('suitetalk-soap-simulator');
const port = Number(process.env['SUITETALK_SIMULATOR_PORT'] ?? process.env['HTTP_PORT'] ?? 4050);
// Loopback unless told otherwise (containers set SIMULATOR_HOST=0.0.0.0).
const host = process.env['SIMULATOR_HOST'] ?? '127.0.0.1';
const simulator = createSuiteTalkSimulator();
const server = simulator.app.listen(port, host, () =>
  logger.info({ url: `http://127.0.0.1:${port}/services/NetSuitePort?wsdl` }, 'SuiteTalk SOAP simulator listening'),
);
simulator.attach(server);
process.on('SIGTERM', () => server.close(() => process.exit(0)));
process.on('SIGINT', () => server.close(() => process.exit(0)));
