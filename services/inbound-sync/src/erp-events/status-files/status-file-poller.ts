import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { ErpConnection, TenantConfiguration } from '@ferry/contracts';
import { openSftpSession } from '@ferry/erp-csv-sftp';
import { EventProducer } from '@ferry/kafka';
import type { Logger } from '@ferry/logging';
import { counter } from '@ferry/metrics';
import { LOGGER } from '@ferry/platform';
import { SecretSealer } from '@ferry/secrets';
import { openConnection } from '@ferry/tenant-config';
import type SftpClient from 'ssh2-sftp-client';
import { ErpRecordLinkRepository } from '../erp-record-link.repository';
import { ErpStatusFileRepository, type FoundStatusFile } from './erp-status-file.repository';
import { MAX_STATUS_FILE_BYTES, parseStatusFile } from './status-file-format';
import { archivedName, isStatusExport, statusFileStep } from './status-file-step';
import { parkedRowsCsv } from './parked-rows';
import { statusRowMessages } from './status-row-messages';
import { statusRowReferences } from './status-row-event';

const statusFiles = counter(
  'ferry_inbound_status_files_total',
  'Status export files taken from legacy ERPs over SFTP: published, archived_again (seen before: nothing published), rejected (malformed: to error/)',
  ['tenant_id', 'outcome'],
);
const statusRows = counter(
  'ferry_inbound_status_rows_total',
  'Rows of legacy ERP status export files: published as ERP → product events, or parked (bad row, in error/)',
  ['tenant_id', 'outcome'],
);

type Folder = {
  session: SftpClient;
  directory: string;
  connection: Omit<FoundStatusFile, 'fileName' | 'sha256' | 'sizeBytes' | 'modifiedAt'>;
};

/**
 * ERP → product from a legacy ERP over SFTP: lists each csv_sftp connection's status export folder
 * (settings.statusExportDirectory; connections without it are not read), and takes each finished CSV file once:
 * parse, publish its events on ferry.erp-events.v1, record it published, move it to archive/. A malformed file
 * goes to error/ with a `.reason.txt`; bad rows of a good file go to error/ as `<file>.rows.csv` with their line
 * numbers. Runs inside the inbound poller's round, so under its `inbound-poll` lease: one replica at a time.
 *
 * Never twice: the file's name and content hash are in Ferry's books before its events go out (`claimed`) and
 * after (`published`); a published file found again (a crash before the move, or the ERP uploading the same file
 * under the same name again) is only moved. A crash between the producer's acknowledgement and the `published`
 * write publishes the file again on the next round: the events then carry the same ids, which the product drops.
 */
@Injectable()
export class StatusFilePoller {
  constructor(
    private readonly files: ErpStatusFileRepository,
    private readonly links: ErpRecordLinkRepository,
    private readonly producer: EventProducer,
    private readonly sealer: SecretSealer,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async pollTenant(configuration: TenantConfiguration): Promise<void> {
    for (const connection of configuration.connections) {
      const directory = connection.settings?.['statusExportDirectory'];
      if (connection.erpKind !== 'csv_sftp' || !directory) continue;
      try {
        await this.pollConnection(configuration, connection, directory.replace(/\/+$/, ''));
      } catch (error) {
        this.logger.error(
          { err: error, tenantId: configuration.tenantId, connectionId: connection.connectionId },
          'status export poll failed; the files stay where they are and are read next time',
        );
      }
    }
  }

  private async pollConnection(configuration: TenantConfiguration, connection: ErpConnection, directory: string): Promise<void> {
    const context = openConnection(configuration.tenantId, connection, this.sealer, configuration.policies);
    const session = await openSftpSession(context);
    try {
      await this.takeFolder(session, directory, { tenantId: configuration.tenantId, connectionId: connection.connectionId });
    } finally {
      await session.end().catch(() => undefined);
    }
  }

  /** Takes every finished status export in the folder of an open session, in name order. */
  async takeFolder(session: SftpClient, directory: string, connection: Folder['connection']): Promise<void> {
    const entries = (await session.list(directory))
      .filter((entry) => entry.type === '-' && isStatusExport(entry.name))
      .sort((a, b) => a.name.localeCompare(b.name));
    if (entries.length === 0) return;
    for (const sub of ['archive', 'error'])
      if (!(await session.exists(`${directory}/${sub}`))) await session.mkdir(`${directory}/${sub}`, true);
    const folder: Folder = { session, directory, connection };
    for (const entry of entries) await this.takeFile(folder, entry.name, entry.size, entry.modifyTime);
  }

  private async takeFile(folder: Folder, name: string, listedSize: number, modifyTime: number): Promise<void> {
    const { session, directory, connection } = folder;
    const path = `${directory}/${name}`;
    // One byte past the cap at most: a huge file is refused as malformed, never held in memory.
    const content = (await session.get(path, undefined, {
      readStreamOptions: { start: 0, end: MAX_STATUS_FILE_BYTES } as SftpClient.ReadStreamOptions,
    })) as Buffer;
    if (content.length !== listedSize && listedSize <= MAX_STATUS_FILE_BYTES) {
      this.logger.info({ tenantId: connection.tenantId, file: name }, 'status export still being written; taken next round');
      return;
    }
    const sha256 = createHash('sha256').update(content).digest('hex');
    const file: FoundStatusFile = {
      ...connection,
      fileName: name,
      sha256,
      sizeBytes: listedSize,
      modifiedAt: modifyTime ? new Date(modifyTime) : null,
    };
    const log = { tenantId: connection.tenantId, connectionId: connection.connectionId, file: name, sha256 };
    const step = statusFileStep(await this.files.stateOf(file));
    if (step === 'archive_only') {
      await this.archive(folder, name, sha256);
      await this.files.markArchived(file);
      statusFiles.inc({ tenant_id: connection.tenantId, outcome: 'archived_again' });
      this.logger.info(log, 'status export already published (same name, same content); archived, nothing published');
      return;
    }
    const parsed = parseStatusFile(content);
    if (step === 'reject_again' || parsed.kind === 'malformed') {
      const reason = parsed.kind === 'malformed' ? parsed.reason : 'the file was refused before';
      await this.files.markRejected(file, reason);
      await this.writeFile(session, `${directory}/error/${archivedName(name, sha256)}.reason.txt`, `${reason}\n`);
      await this.move(session, path, `${directory}/error/${archivedName(name, sha256)}`);
      statusFiles.inc({ tenant_id: connection.tenantId, outcome: 'rejected' });
      this.logger.warn({ ...log, reason }, 'status export malformed: moved to error/ with its reason; nothing of it published');
      return;
    }
    await this.files.claim(file);
    if (parsed.badRows.length > 0)
      await this.writeFile(session, `${directory}/error/${archivedName(name, sha256)}.rows.csv`, parkedRowsCsv(parsed.badRows));
    const source = { ...connection, erpKind: 'csv_sftp' };
    const productIds = await this.links.productIds(
      connection.tenantId,
      connection.connectionId,
      parsed.rows.flatMap((row) => statusRowReferences(row)),
    );
    const messages = statusRowMessages(source, parsed.rows, productIds, Date.now());
    if (messages.length > 0) await this.producer.publish(messages);
    await this.files.markPublished(file, parsed.rows.length, parsed.badRows.length);
    await this.archive(folder, name, sha256);
    await this.files.markArchived(file);
    statusFiles.inc({ tenant_id: connection.tenantId, outcome: 'published' });
    statusRows.inc({ tenant_id: connection.tenantId, outcome: 'published' }, parsed.rows.length);
    statusRows.inc({ tenant_id: connection.tenantId, outcome: 'parked' }, parsed.badRows.length);
    if (parsed.badRows.length > 0)
      this.logger.warn(
        { ...log, parked: parsed.badRows.map((row) => ({ line: row.line, problems: row.problems })) },
        'status export rows parked in error/ (the rest was published)',
      );
    this.logger.info({ ...log, published: parsed.rows.length, parked: parsed.badRows.length }, 'status export published and archived');
  }

  /** To archive/ under the name and content hash; the same file archived before is only removed from the folder. */
  private async archive(folder: Folder, name: string, sha256: string): Promise<void> {
    const target = `${folder.directory}/archive/${archivedName(name, sha256)}`;
    if (await folder.session.exists(target)) await folder.session.delete(`${folder.directory}/${name}`);
    else await folder.session.rename(`${folder.directory}/${name}`, target);
  }

  private async move(session: SftpClient, from: string, to: string): Promise<void> {
    if (await session.exists(to)) await session.delete(from);
    else await session.rename(from, to);
  }

  /** Written under a temporary name, then renamed: a reader never sees half a file. */
  private async writeFile(session: SftpClient, path: string, content: string): Promise<void> {
    if (await session.exists(path)) return;
    await session.put(Buffer.from(content, 'utf8'), `${path}.tmp`);
    await session.rename(`${path}.tmp`, path);
  }
}
