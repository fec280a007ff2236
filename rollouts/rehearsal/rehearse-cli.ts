import { runRehearsal } from './run.js';

// `npm run rehearse -- …`: only wiring; everything else is in run.ts.
// On Ctrl-C or SIGTERM, exit: the 'exit' hooks kill Prometheus and both instances.
process.on('SIGINT', () => process.exit(130));
process.on('SIGTERM', () => process.exit(143));
process.exitCode = await runRehearsal(process.argv.slice(2), {
  env: process.env,
  cwd: process.env.INIT_CWD ?? process.cwd(),
  out: (line) => console.log(line),
  err: (line) => console.error(line),
});
