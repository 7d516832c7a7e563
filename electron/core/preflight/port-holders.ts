import { execFile } from 'node:child_process';
import { readdir, readFile, readlink } from 'node:fs/promises';
import { createServer } from 'node:net';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface PortProcess {
  pid: number;
  /** The command line as `ps` would show it, shortened. */
  command: string;
}

/** Tries to listen where Compose will publish: the only test that answers exactly what `up` will meet. */
export function canBind(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/**
 * The processes listening on a TCP port. On Linux from /proc (the socket's inode in /proc/net/tcp{,6},
 * then the process whose fd points at it) — no tool needed, complete when running as root, otherwise only
 * the user's own processes; elsewhere from `lsof`.
 */
export async function listeningProcesses(port: number): Promise<PortProcess[]> {
  if (process.platform === 'linux') return fromProc(port);
  return fromLsof(port);
}

async function fromProc(port: number): Promise<PortProcess[]> {
  const inodes = new Set<string>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    const text = await readFile(table, 'utf8').catch(() => '');
    for (const inode of listeningInodes(text, port)) inodes.add(inode);
  }
  if (inodes.size === 0) return [];
  const holders: PortProcess[] = [];
  const pids = (await readdir('/proc').catch(() => [])).filter((name) => /^\d+$/.test(name));
  for (const pid of pids) {
    const fds = await readdir(`/proc/${pid}/fd`).catch(() => []);
    for (const fd of fds) {
      const link = await readlink(`/proc/${pid}/fd/${fd}`).catch(() => '');
      const inode = /^socket:\[(\d+)\]$/.exec(link)?.[1];
      if (inode && inodes.has(inode)) {
        holders.push({ pid: Number(pid), command: await commandLine(Number(pid)) });
        break;
      }
    }
  }
  return holders;
}

/** Inodes of sockets in LISTEN state (0A) on `port`, from the text of /proc/net/tcp or tcp6. */
export function listeningInodes(table: string, port: number): string[] {
  const inodes: string[] = [];
  for (const line of table.split('\n').slice(1)) {
    const fields = line.trim().split(/\s+/);
    const local = fields[1];
    if (!local || fields[3] !== '0A') continue;
    const hexPort = local.slice(local.lastIndexOf(':') + 1);
    if (parseInt(hexPort, 16) === port && fields[9]) inodes.push(fields[9]);
  }
  return inodes;
}

async function commandLine(pid: number): Promise<string> {
  const raw = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
  const command = raw.split('\0').filter(Boolean).join(' ') || (await readFile(`/proc/${pid}/comm`, 'utf8').catch(() => '?')).trim();
  return command.length > 80 ? `${command.slice(0, 77)}…` : command;
}

async function fromLsof(port: number): Promise<PortProcess[]> {
  try {
    const { stdout } = await run('lsof', ['-nP', `-iTCP:${port}`, '-sTCP:LISTEN', '-Fpc'], { timeout: 5_000 });
    const holders: PortProcess[] = [];
    for (const line of stdout.split('\n')) {
      if (line.startsWith('p')) holders.push({ pid: Number(line.slice(1)), command: '?' });
      else if (line.startsWith('c') && holders.length > 0) holders[holders.length - 1]!.command = line.slice(1);
    }
    return holders;
  } catch {
    return [];
  }
}
