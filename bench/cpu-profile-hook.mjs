/**
 * Preloaded into a server by bench:rooms when PROFILE_DIR is set (NODE_OPTIONS=--import …;
 * --cpu-prof is not allowed there). The first SIGUSR2 starts the V8 CPU profiler, the second
 * stops it and writes <CPU_PROFILE_DIR>/server-<pid>.cpuprofile (open it in Chrome DevTools):
 * the bench's client process sends them as its measuring window opens and closes, so start-up
 * and joining stay out of the profile. Main thread only.
 */
import fs from 'node:fs';
import inspector from 'node:inspector';
import path from 'node:path';
import process from 'node:process';

const session = new inspector.Session();
session.connect();
session.post('Profiler.enable');
session.post('Profiler.setSamplingInterval', { interval: 250 });
let running = false;
process.on('SIGUSR2', () => {
  running = !running;
  if (running) return session.post('Profiler.start');
  session.post('Profiler.stop', (err, result) => {
    if (err) return;
    fs.writeFileSync(path.join(process.env.CPU_PROFILE_DIR ?? '.', `server-${process.pid}.cpuprofile`), JSON.stringify(result.profile));
  });
});
