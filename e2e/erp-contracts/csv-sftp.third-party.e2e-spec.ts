import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { createHash } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSshKeyPair } from '@ferry/erp-csv-sftp';
import { createCsvSftpSimulator } from '@ferry/csv-sftp-simulator';
import { serve } from './http-server';

/** The SFTP simulator as seen by OpenSSH's own sftp client (batch mode, public-key authentication). */
describe('CSV/SFTP simulator driven by the OpenSSH sftp client', () => {
  const simulator = createCsvSftpSimulator();
  let admin: Awaited<ReturnType<typeof serve>>;
  const work = mkdtempSync(join(tmpdir(), 'ferry-openssh-'));
  const key = generateSshKeyPair();

  // Asynchronous on purpose: the SFTP server runs in this process and must keep answering while sftp runs.
  const sftp = async (commands: string[]): Promise<string> => {
    const batch = join(work, 'batch.txt');
    writeFileSync(batch, `${commands.join('\n')}\n`);
    const port = (simulator.sftp.address() as AddressInfo).port;
    const { stdout } = await promisify(execFile)(
      'sftp',
      [
        '-b',
        batch,
        '-P',
        String(port),
        '-i',
        join(work, 'id_ed25519'),
        '-o',
        'StrictHostKeyChecking=no',
        '-o',
        'UserKnownHostsFile=/dev/null',
        '-o',
        'BatchMode=yes',
        'legacy@127.0.0.1',
      ],
      {
        cwd: work,
        encoding: 'utf8',
        timeout: 20_000,
      },
    );
    return stdout;
  };

  beforeAll(async () => {
    admin = await serve(simulator.app);
    await new Promise<void>((resolve) => simulator.sftp.listen(0, '127.0.0.1', () => resolve()));
    writeFileSync(join(work, 'id_ed25519'), key.private);
    chmodSync(join(work, 'id_ed25519'), 0o600);
    await fetch(`${admin.url}/__admin/partners`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'legacy', publicKey: key.public }),
    });
  });
  afterAll(async () => {
    simulator.sftp.close();
    await admin.close();
  });

  it('takes a data file and its control file over SFTP and answers with an acknowledgement file', async () => {
    const data = 'EXTERNAL_ID,NAME\nx-1,Acme\nx-2,"Beta, Inc."\n';
    writeFileSync(join(work, 'CUSTOMERS_1.csv'), data);
    writeFileSync(
      join(work, 'CUSTOMERS_1.ctl'),
      `FILE=CUSTOMERS_1.csv\nRECORDS=2\nSHA256=${createHash('sha256').update(data).digest('hex')}\n`,
    );
    await sftp([
      'cd /inbound',
      'put CUSTOMERS_1.csv CUSTOMERS_1.csv.tmp',
      'rename CUSTOMERS_1.csv.tmp CUSTOMERS_1.csv',
      'put CUSTOMERS_1.ctl CUSTOMERS_1.ctl.tmp',
      'rename CUSTOMERS_1.ctl.tmp CUSTOMERS_1.ctl',
    ]);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const listing = await sftp(['ls /outbound', 'ls /archive', 'get /outbound/CUSTOMERS_1.csv.ack.csv ack.csv']);
    expect(listing).toContain('CUSTOMERS_1.csv.ack.csv');
    expect(listing).toContain('CUSTOMERS_1.ctl');
    expect(readFileSync(join(work, 'ack.csv'), 'utf8')).toBe(
      'ROW,EXTERNAL_ID,STATUS,ERP_ID,MESSAGE\n1,x-1,ACCEPTED,L-000001,created\n2,x-2,ACCEPTED,L-000002,created\n',
    );
  });

  it('refuses a key it does not know', async () => {
    const other = generateSshKeyPair();
    writeFileSync(join(work, 'id_ed25519'), other.private);
    await expect(sftp(['ls /'])).rejects.toThrow();
    writeFileSync(join(work, 'id_ed25519'), key.private);
  });
});
