import type SftpClient from 'ssh2-sftp-client';
import type { EventProducer, OutgoingEvent } from '@ferry/kafka';
import { createLogger } from '@ferry/logging';
import { openTestDatabase, type TestDatabase } from '@ferry/testing';
import { CreateErpRecordLink1795402700000 } from '../../migrations/1795402700000-create-erp-record-link';
import { CreateErpStatusFile1795403100000 } from '../../migrations/1795403100000-create-erp-status-file';
import { ErpRecordLinkRepository } from '../erp-record-link.repository';
import { ErpStatusFileRepository } from './erp-status-file.repository';
import { StatusFilePoller } from './status-file-poller';

/**
 * Real: PostgreSQL with inbound-sync's migrations (the file books). Faked: the SFTP folder (a map of paths, with
 * a switch that makes the next rename fail, as a crash or a lost connection between publish and archive would)
 * and Kafka (a list of what was published). The SFTP and Kafka sides run for real in
 * e2e/inbound/csv-sftp-erp-events.e2e-spec.ts.
 */
class FolderDouble {
  readonly files = new Map<string, Buffer>();
  failNextRename = false;
  list = async (directory: string) =>
    [...this.files.keys()]
      .filter((path) => path.startsWith(`${directory}/`) && !path.slice(directory.length + 1).includes('/'))
      .map((path) => ({
        type: '-',
        name: path.slice(directory.length + 1),
        size: this.files.get(path)!.length,
        modifyTime: 1_796_198_400_000,
      }));
  exists = async (path: string) =>
    this.files.has(path) ? '-' : [...this.files.keys()].some((p) => p.startsWith(`${path}/`)) ? 'd' : false;
  mkdir = async () => undefined;
  get = async (path: string) => this.files.get(path)!;
  put = async (content: Buffer, path: string) => void this.files.set(path, content);
  delete = async (path: string) => void this.files.delete(path);
  rename = async (from: string, to: string) => {
    if (this.failNextRename) {
      this.failNextRename = false;
      throw new Error('connection lost');
    }
    this.files.set(to, this.files.get(from)!);
    this.files.delete(from);
  };
}

const FILE = Buffer.from(
  'RECORD_TYPE,ERP_ID,CHANGED_AT,STATUS,BALANCE_DUE\nORDERS,L-1,2026-12-02T08:00:00Z,ACKNOWLEDGED,\nINVOICES,L-2,2026-12-02T08:00:00Z,PAID,0\n',
);

describe('StatusFilePoller: each status export published once, across a failure between publish and archive', () => {
  let database: TestDatabase;
  let poller: StatusFilePoller;
  const published: OutgoingEvent[] = [];
  const connection = { tenantId: 'acme', connectionId: 'legacy' };

  beforeAll(async () => {
    database = await openTestDatabase('inbound_sync_status_poller', [CreateErpRecordLink1795402700000, CreateErpStatusFile1795403100000]);
    const producer = { publish: async (messages: OutgoingEvent[]) => void published.push(...messages) } as unknown as EventProducer;
    poller = new StatusFilePoller(
      new ErpStatusFileRepository(database.dataSource),
      new ErpRecordLinkRepository(database.dataSource),
      producer,
      undefined as never,
      createLogger('spec', 'silent'),
    );
  });
  afterAll(() => database?.drop());

  it('publishes a file, and after the archive step failed only archives it on the next round', async () => {
    const folder = new FolderDouble();
    folder.files.set('/out/STATUS_1.csv', FILE);
    folder.failNextRename = true;
    await expect(poller.takeFolder(folder as unknown as SftpClient, '/out', connection)).rejects.toThrow('connection lost');
    const events = published.filter((message) => message.topic === 'ferry.erp-events.v1');
    expect(events).toHaveLength(2);
    expect(folder.files.has('/out/STATUS_1.csv')).toBe(true);

    await poller.takeFolder(folder as unknown as SftpClient, '/out', connection);
    expect(published.filter((message) => message.topic === 'ferry.erp-events.v1')).toHaveLength(2);
    expect([...folder.files.keys()].filter((path) => path.startsWith('/out/archive/'))).toEqual([
      expect.stringMatching(/^\/out\/archive\/STATUS_1\.[0-9a-f]{12}\.csv$/),
    ]);
    expect(folder.files.has('/out/STATUS_1.csv')).toBe(false);

    // The ERP uploads the same file again under the same name: removed, nothing published.
    folder.files.set('/out/STATUS_1.csv', FILE);
    await poller.takeFolder(folder as unknown as SftpClient, '/out', connection);
    expect(published.filter((message) => message.topic === 'ferry.erp-events.v1')).toHaveLength(2);
    expect(folder.files.has('/out/STATUS_1.csv')).toBe(false);
  });

  it('publishes the same name with other content as a new file', async () => {
    const folder = new FolderDouble();
    folder.files.set('/out/STATUS_1.csv', Buffer.concat([FILE, Buffer.from('ORDERS,L-9,2026-12-02T09:00:00Z,BILLED,\n')]));
    const before = published.length;
    await poller.takeFolder(folder as unknown as SftpClient, '/out', connection);
    expect(published.slice(before).filter((message) => message.topic === 'ferry.erp-events.v1')).toHaveLength(3);
  });
});
