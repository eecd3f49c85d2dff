// Runs `chextransfer` (src/cli/main.ts) in this process, then writes its exit code, the resident
// set after loading the command line and the peak resident set of the whole run (bytes) as JSON
// to the file named by CHEXTRANSFER_PEAK_FILE: how tests bound a command's memory (peakRss.ts).
import { writeFileSync } from 'node:fs';
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../cli/main.ts');
const base = process.memoryUsage().rss;
const code = await main(process.argv.slice(2));
const peak = process.resourceUsage().maxRSS * 1024; // maxRSS is in kilobytes
const out = process.env.CHEXTRANSFER_PEAK_FILE;
if (out) writeFileSync(out, JSON.stringify({ code, base, peak }));
process.exitCode = code;
