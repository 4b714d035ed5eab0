import { readdirSync, readFileSync } from 'node:fs';
import { constants } from 'node:os';

/** How a server process ended: its exit code, or the signal that ended it; both null when that can no longer be told. */
export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

interface ProcStat {
  state: string;
  ppid: number;
  startTime: string;
  /** The status as waitpid(2) reports it; set once the process has ended and not yet been reaped. */
  waitStatus: number;
}

/** /proc/<pid>/stat, or undefined once the process is gone (or where there is no /proc). */
function readStat(pid: number): ProcStat | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // The command name (field 2) may hold spaces and parentheses: field 3 on start after its last ')'.
  const fields = text.slice(text.lastIndexOf(')') + 2).trim().split(' ');
  return { state: fields[0] ?? '', ppid: Number(fields[1]), startTime: fields[19] ?? '', waitStatus: Number(fields[49] ?? 0) };
}

function exitFromWaitStatus(status: number): ProcessExit {
  const signal = status & 0x7f;
  if (signal === 0) return { code: (status >> 8) & 0xff, signal: null };
  const name = Object.entries(constants.signals).find(([, number]) => number === signal)?.[0];
  return { code: null, signal: (name as NodeJS.Signals | undefined) ?? null };
}

/** A child process of this one whose arguments pass `match` (Linux /proc; undefined elsewhere). */
export function findChildProcess(match: (argv: string[]) => boolean): number | undefined {
  let entries: string[];
  try {
    entries = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return undefined;
  }
  for (const entry of entries) {
    const pid = Number(entry);
    if (readStat(pid)?.ppid !== process.pid) continue;
    try {
      if (match(readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean))) return pid;
    } catch {
      // ended meanwhile
    }
  }
  return undefined;
}

/**
 * Resolves when process `pid` ends, looking every `intervalMs`. A child that Node did not spawn (the
 * Temporal SDK starts its dev server natively and waits for it only when told to stop it) stays a zombie
 * once it ends, and /proc still says how it ended. A pid that is gone, or taken by a new process, has ended
 * too (how is then unknown).
 */
export function watchExit(pid: number, intervalMs = 1_000): Promise<ProcessExit> {
  const first = readStat(pid);
  if (!first) return Promise.resolve({ code: null, signal: null });
  return new Promise((resolve) => {
    const timer = setInterval(() => {
      const now = readStat(pid);
      if (now && now.startTime === first.startTime && now.state !== 'Z' && now.state !== 'X') return;
      clearInterval(timer);
      resolve(now?.startTime === first.startTime ? exitFromWaitStatus(now.waitStatus) : { code: null, signal: null });
    }, intervalMs);
    timer.unref();
  });
}
