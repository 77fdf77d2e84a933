import { mkdirSync, mkdtempSync, renameSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import { generateSshKeyPair } from '@ferry/erp-csv-sftp';
import { DEFAULT_LEGACY_FAULTS, LegacyErp, type LegacyFaults } from './legacy-erp';
import { createSftpServer, sshFingerprint, type SftpUser } from './sftp-server';

/**
 * Legacy ERPs that only take CSV files over SFTP: a real SFTP server (one chrooted drop per partner) and, behind
 * it, the ERP import job that reads control files, validates rows and writes acknowledgement files. An HTTP
 * admin API creates partners, injects faults and shows what each ERP imported.
 */
export function createCsvSftpSimulator(dataRoot: string = mkdtempSync(join(tmpdir(), 'ferry-sftp-'))) {
  const users = new Map<string, SftpUser>();
  const erps = new Map<string, LegacyErp>();
  const hostKeyPair = generateSshKeyPair();
  const hostKey = hostKeyPair.private;
  // What `ssh-keygen -lf` prints for the host key, so a connection can pin it as real partners publish theirs.
  const hostKeyFingerprint = sshFingerprint(hostKeyPair.public);
  const sftp = createSftpServer(users, hostKey, (user, path) => erps.get(user.username)?.onFileLanded(path));

  const app = express();
  app.disable('x-powered-by');
  app.use(express.json());
  app.get(
    '/__admin/probe',
    (_request, response) =>
      void response.json({ status: 'ok', sftpPort: (sftp.address() as AddressInfo | null)?.port ?? null, hostKeyFingerprint }),
  );
  app.post('/__admin/partners', (request, response) => {
    const { username, password, publicKey } = request.body as { username?: string; password?: string; publicKey?: string };
    if (!username || !/^[a-z0-9_-]+$/.test(username) || (!password && !publicKey))
      return void response.status(400).json({ error: 'username (lower-case) and a password or publicKey are required' });
    const root = join(dataRoot, username);
    erps.set(username, new LegacyErp(root));
    users.set(username, { username, root, ...(password ? { password } : {}), ...(publicKey ? { publicKey } : {}) });
    response.status(201).json({ username, directories: ['/inbound', '/outbound', '/archive'] });
  });
  app.get('/__admin/partners/:username/records/:fileType', (request, response) => {
    const table = erps.get(request.params.username)?.tables.get(request.params.fileType);
    if (!table) return void response.status(404).json({ error: 'no such partner or file type' });
    response.json([...table.values()]);
  });
  app.patch('/__admin/partners/:username/records/:fileType/:externalId', (request, response) => {
    const record = erps.get(request.params.username)?.tables.get(request.params.fileType)?.get(request.params.externalId);
    if (!record) return void response.status(404).json({ error: 'no such record' });
    Object.assign(record.fields, request.body as Record<string, string>);
    record.updatedAt = new Date().toISOString();
    response.json(record);
  });
  // The ERP's status export job: drops a CSV in the partner's /outbound/status (temp name, then renamed, as the
  // job would), for Ferry's inbound-sync to pick up (docs/erps.md#status-export-files).
  app.post('/__admin/partners/:username/status-exports', (request, response) => {
    const user = users.get(request.params.username);
    const { name, content } = request.body as { name?: string; content?: string };
    if (!user) return void response.status(404).json({ error: 'no such partner' });
    if (!name || !/^[\w.-]+\.csv$/i.test(name) || typeof content !== 'string')
      return void response.status(400).json({ error: 'name (a plain file name ending .csv) and content (the CSV text) are required' });
    const folder = join(user.root, 'outbound', 'status');
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, `${name}.tmp`), content);
    renameSync(join(folder, `${name}.tmp`), join(folder, name));
    response.status(201).json({ path: `/outbound/status/${name}` });
  });
  app.put('/__admin/partners/:username/faults', (request, response) => {
    const erp = erps.get(request.params.username);
    if (!erp) return void response.status(404).json({ error: 'no such partner' });
    erp.faults = { ...DEFAULT_LEGACY_FAULTS, ...(request.body as Partial<LegacyFaults>) };
    response.json(erp.faults);
  });
  app.post('/__admin/partners/:username/lock', (request, response) => {
    const user = users.get(request.params.username);
    if (!user) return void response.status(404).json({ error: 'no such partner' });
    user.locked = true;
    response.status(204).end();
  });
  return { app, sftp, erps, users, dataRoot };
}
