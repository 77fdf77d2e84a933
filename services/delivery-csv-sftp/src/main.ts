import { DeliveryModule, loadDeliveryConfig } from '@ferry/delivery';
import { CsvSftpConnector } from '@ferry/erp-csv-sftp';
import { runService } from '@ferry/platform';

/**
 * CSV-over-SFTP delivery for legacy ERPs: the shared delivery module with the file connector, consuming each
 * fetched batch concurrently so a batch window can gather many records into one file.
 */
void runService({
  name: 'delivery-csv-sftp',
  loadConfig: () => loadDeliveryConfig('csv_sftp', 3011),
  usesDatabase: true,
  module: (config, logger) => DeliveryModule.forErp(new CsvSftpConnector(), config, logger, { concurrentWithinBatch: true }),
});
