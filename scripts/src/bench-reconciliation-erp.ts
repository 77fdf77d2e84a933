import { createDataverseSimulator, DataverseEnvironment } from '@ferry/dynamics365-simulator';
import { cliArgs } from './cli-args';
import { ERP_EDITED_AT, ERP_WRITTEN_AT, customerIdOf, driftOf, externalIdOf, periodOf } from './reconciliation/bench-drift-plan';

/**
 * The ERP side of bench:reconciliation, in its own process so the benchmark's RSS is reconciliation's alone: a
 * Dataverse simulator holding the tenant's accounts (the injected drift applied), on a loopback port it prints.
 */
function main(): void {
  const args = cliArgs();
  const records = Number(args['records']);
  const period = periodOf(Number(args['drift']));
  const simulator = createDataverseSimulator();
  const environment = new DataverseEnvironment('bench', 'bench-directory');
  environment.clients.set('bench-client', { clientSecret: 'bench-secret', revoked: false });
  simulator.environments.set('bench', environment);
  for (let index = 0; index < records; index++) {
    const drift = driftOf(index, period);
    if (drift === 'missing_in_erp') continue;
    const record = environment.write('accounts', undefined, {
      ferry_externalid: externalIdOf(index),
      name: drift === 'erp_edited_after_delivery' ? `Renamed in Dynamics ${index}` : `Customer ${index}`,
      emailaddress1: `${customerIdOf(index)}@example.com`,
      statecode: 0,
    });
    record.modifiedon = drift === 'erp_edited_after_delivery' ? ERP_EDITED_AT : ERP_WRITTEN_AT;
  }
  environment.sortedBy('accounts', 'ferry_externalid');
  const server = simulator.app.listen(0, '127.0.0.1', () => {
    const address = server.address();
    process.stdout.write(`${JSON.stringify({ port: typeof address === 'object' && address ? address.port : 0 })}\n`);
  });
  process.on('SIGTERM', () => server.close(() => process.exit(0)));
}

main();
