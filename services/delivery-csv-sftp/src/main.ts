import { DeliveryModule, loadDeliveryConfig } from '@ferry/delivery';
import { CsvSftpConnector } from '@ferry/erp-csv-sftp';
import { runService } from '@ferry/platform';

/**
 * CSV-over-SFTP delivery for legacy ERPs: the shared delivery module with the file connector. Its lanes start
 * many records at once by default, so a batch window can gather them into one file.
 */
void runService({
  name: 'delivery-csv-sftp',
  loadConfig: () => loadDeliveryConfig('csv_sftp', 3011, { maxConcurrency: 1000 }),
  usesDatabase: true,
  module: (config, logger) => DeliveryModule.forErp(new CsvSftpConnector(), config, logger),
});
