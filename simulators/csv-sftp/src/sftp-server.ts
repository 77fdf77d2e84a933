import {
  closeSync,
  fstatSync,
  mkdirSync,
  openSync,
  readSync,
  readdirSync,
  renameSync,
  rmdirSync,
  statSync,
  unlinkSync,
  writeSync,
  type Stats,
} from 'node:fs';
import { join, normalize, posix } from 'node:path';
import { createHash, timingSafeEqual } from 'node:crypto';
import { Server, utils, type Connection } from 'ssh2';

const { OPEN_MODE, STATUS_CODE } = utils.sftp;

/** OpenSSH's SHA256 fingerprint of a public key given as "ssh-ed25519 AAAA…". */
export function sshFingerprint(openSshPublicKey: string): string {
  const wire = Buffer.from(openSshPublicKey.split(' ')[1] ?? '', 'base64');
  return `SHA256:${createHash('sha256').update(wire).digest('base64').replace(/=+$/, '')}`;
}

export interface SftpUser {
  username: string;
  password?: string;
  /** OpenSSH public key line ("ssh-ed25519 AAAA…"). */
  publicKey?: string;
  root: string;
  locked?: boolean;
}

function attrsOf(stats: Stats) {
  return {
    mode: stats.mode,
    uid: stats.uid,
    gid: stats.gid,
    size: stats.size,
    atime: Math.floor(stats.atimeMs / 1000),
    mtime: Math.floor(stats.mtimeMs / 1000),
  };
}

function flagsToMode(flags: number): string {
  const read = (flags & OPEN_MODE.READ) !== 0;
  const write = (flags & OPEN_MODE.WRITE) !== 0;
  if (flags & OPEN_MODE.APPEND) return read ? 'a+' : 'a';
  if (write && flags & OPEN_MODE.TRUNC) return read ? 'w+' : 'w';
  if (write && flags & OPEN_MODE.CREAT) return read ? 'w+' : 'w';
  if (write) return read ? 'r+' : 'r+';
  return 'r';
}

/**
 * A real SFTP server (SSH-2, the ssh2 package's server side) that confines each user to a directory on disk:
 * password or public-key authentication, and the SFTP operations file transfer clients use (stat, list,
 * open/read/write, rename, remove, mkdir). `onRename` tells the simulated ERP when a file lands.
 */
export function createSftpServer(users: Map<string, SftpUser>, hostKey: string, onRename: (user: SftpUser, to: string) => void): Server {
  return new Server({ hostKeys: [hostKey] }, (client: Connection) => {
    let user: SftpUser | undefined;
    client.on('authentication', (context) => {
      const candidate = users.get(context.username);
      if (!candidate || candidate.locked) return context.reject();
      if (context.method === 'password' && candidate.password !== undefined) {
        const given = Buffer.from(context.password);
        const expected = Buffer.from(candidate.password);
        if (given.length === expected.length && timingSafeEqual(given, expected)) {
          user = candidate;
          return context.accept();
        }
        return context.reject();
      }
      if (context.method === 'publickey' && candidate.publicKey) {
        const allowed = utils.parseKey(candidate.publicKey);
        if (allowed instanceof Error || context.key.algo !== allowed.type || !context.key.data.equals(allowed.getPublicSSH()))
          return context.reject();
        if (!context.signature) return context.accept(); // the client asks whether this key would do
        if (!context.blob || allowed.verify(context.blob, context.signature, context.hashAlgo) !== true) return context.reject();
        user = candidate;
        return context.accept();
      }
      return context.reject(['password', 'publickey']);
    });
    client.on('ready', () => {
      client.on('session', (acceptSession) => {
        const session = acceptSession();
        session.on('sftp', (acceptSftp) => {
          const sftp = acceptSftp();
          const root = user!.root;
          const handles = new Map<number, { fd?: number; path: string; entries?: string[] }>();
          let nextHandle = 1;
          const local = (path: string) => {
            const clean = posix.normalize(`/${path}`);
            return normalize(join(root, clean));
          };
          const handleOf = (buffer: Buffer) => handles.get(buffer.readUInt32BE(0));
          const newHandle = (entry: { fd?: number; path: string; entries?: string[] }) => {
            const id = nextHandle++;
            handles.set(id, entry);
            const buffer = Buffer.alloc(4);
            buffer.writeUInt32BE(id, 0);
            return buffer;
          };
          const fail = (reqid: number, error: unknown) =>
            sftp.status(reqid, (error as { code?: string }).code === 'ENOENT' ? STATUS_CODE.NO_SUCH_FILE : STATUS_CODE.FAILURE);
          sftp.on('REALPATH', (reqid, path) => {
            const clean = posix.normalize(`/${path === '.' ? '' : path}`);
            sftp.name(reqid, [{ filename: clean, longname: clean, attrs: {} as never }]);
          });
          for (const event of ['STAT', 'LSTAT'] as const) {
            sftp.on(event, (reqid: number, path: string) => {
              try {
                sftp.attrs(reqid, attrsOf(statSync(local(path))));
              } catch (error) {
                fail(reqid, error);
              }
            });
          }
          sftp.on('OPENDIR', (reqid, path) => {
            try {
              sftp.handle(reqid, newHandle({ path: local(path), entries: readdirSync(local(path)) }));
            } catch (error) {
              fail(reqid, error);
            }
          });
          sftp.on('READDIR', (reqid, handle) => {
            const entry = handleOf(handle);
            if (!entry?.entries) return sftp.status(reqid, STATUS_CODE.FAILURE);
            if (entry.entries.length === 0) return sftp.status(reqid, STATUS_CODE.EOF);
            const names = entry.entries.splice(0).map((name) => {
              const stats = statSync(join(entry.path, name));
              return {
                filename: name,
                longname: `${stats.isDirectory() ? 'd' : '-'}rw-r--r-- 1 ferry ferry ${stats.size} Jan 1 00:00 ${name}`,
                attrs: attrsOf(stats),
              };
            });
            sftp.name(reqid, names);
          });
          sftp.on('OPEN', (reqid, filename, flags) => {
            try {
              sftp.handle(reqid, newHandle({ fd: openSync(local(filename), flagsToMode(flags)), path: local(filename) }));
            } catch (error) {
              fail(reqid, error);
            }
          });
          sftp.on('WRITE', (reqid, handle, offset, data) => {
            const entry = handleOf(handle);
            if (entry?.fd === undefined) return sftp.status(reqid, STATUS_CODE.FAILURE);
            writeSync(entry.fd, data, 0, data.length, offset);
            sftp.status(reqid, STATUS_CODE.OK);
          });
          sftp.on('READ', (reqid, handle, offset, length) => {
            const entry = handleOf(handle);
            if (entry?.fd === undefined) return sftp.status(reqid, STATUS_CODE.FAILURE);
            const buffer = Buffer.alloc(length);
            const read = readSync(entry.fd, buffer, 0, length, offset);
            if (read === 0) return sftp.status(reqid, STATUS_CODE.EOF);
            sftp.data(reqid, buffer.subarray(0, read));
          });
          sftp.on('FSTAT', (reqid, handle) => {
            const entry = handleOf(handle);
            if (entry?.fd === undefined) return sftp.status(reqid, STATUS_CODE.FAILURE);
            sftp.attrs(reqid, attrsOf(fstatSync(entry.fd)));
          });
          sftp.on('CLOSE', (reqid, handle) => {
            const entry = handleOf(handle);
            if (entry?.fd !== undefined) closeSync(entry.fd);
            handles.delete(handle.readUInt32BE(0));
            sftp.status(reqid, STATUS_CODE.OK);
          });
          sftp.on('RENAME', (reqid, from, to) => {
            try {
              renameSync(local(from), local(to));
              sftp.status(reqid, STATUS_CODE.OK);
              onRename(user!, posix.normalize(`/${to}`));
            } catch (error) {
              fail(reqid, error);
            }
          });
          sftp.on('REMOVE', (reqid, path) => {
            try {
              unlinkSync(local(path));
              sftp.status(reqid, STATUS_CODE.OK);
            } catch (error) {
              fail(reqid, error);
            }
          });
          sftp.on('MKDIR', (reqid, path) => {
            try {
              mkdirSync(local(path));
              sftp.status(reqid, STATUS_CODE.OK);
            } catch (error) {
              fail(reqid, error);
            }
          });
          sftp.on('RMDIR', (reqid, path) => {
            try {
              rmdirSync(local(path));
              sftp.status(reqid, STATUS_CODE.OK);
            } catch (error) {
              fail(reqid, error);
            }
          });
          for (const event of ['SETSTAT', 'FSETSTAT'] as const) sftp.on(event, (reqid: number) => sftp.status(reqid, STATUS_CODE.OK));
          // Answer the client's end of session with ours, or clients such as OpenSSH's sftp wait forever.
          sftp.on('end', () => sftp.end());
        });
      });
    });
    client.on('error', () => undefined);
  });
}
