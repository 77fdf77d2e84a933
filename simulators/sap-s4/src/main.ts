import { createLogger } from '@ferry/logging';
import { createSapS4Simulator } from './sap-s4-simulator';

const logger = createLogger('sap-s4-simulator');
const port = Number(process.env['SAP_SIMULATOR_PORT'] ?? process.env['HTTP_PORT'] ?? 4070);
// Loopback unless told otherwise (containers set SIMULATOR_HOST=0.0.0.0).
const host = process.env['SIMULATOR_HOST'] ?? '127.0.0.1';

void createSapS4Simulator().then((simulator) => {
  const server = simulator.app.listen(port, host, () => {
    simulator.listening(server, `http://127.0.0.1:${port}`);
    logger.info({ url: `http://127.0.0.1:${port}/sap/opu/odata/sap/API_BUSINESS_PARTNER` }, 'SAP S/4HANA (CAP) simulator listening');
  });
  process.on('SIGTERM', () => server.close(() => process.exit(0)));
  process.on('SIGINT', () => server.close(() => process.exit(0)));
});
