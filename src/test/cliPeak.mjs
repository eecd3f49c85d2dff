// Runs `chextransfer` (src/cli/main.ts) in this process, then writes its exit code, the resident
// set after loading the command line and the peak resident set of the whole run (bytes) as JSON
// to the file named by CHEXTRANSFER_PEAK_FILE: how tests bound a command's memory (peakRss.ts).
import { readFileSync, writeFileSync } from 'node:fs';
import { register } from 'tsx/esm/api';

/**
 * This process's own peak resident set (bytes). Not `resourceUsage().maxRSS`: Linux carries
 * ru_maxrss across execve, so a child spawned by a large test process reports at least its
 * parent's resident set, which hides what the child itself used. VmHWM is the peak of this
 * process's own address space.
 */
function ownPeak() {
  try {
    const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    if (hwm) return Number(hwm[1]) * 1024;
  } catch {
    // not Linux: fall back to ru_maxrss
  }
  return process.resourceUsage().maxRSS * 1024; // maxRSS is in kilobytes
}

register();
const { main } = await import('../cli/main.ts');
const base = process.memoryUsage().rss;
const code = await main(process.argv.slice(2));
const peak = ownPeak();
const out = process.env.CHEXTRANSFER_PEAK_FILE;
if (out) writeFileSync(out, JSON.stringify({ code, base, peak }));
process.exitCode = code;
