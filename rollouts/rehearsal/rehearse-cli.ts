import { runRehearsal } from './run.js';

// `npm run rehearse -- …`: only wiring; everything else is in run.ts.
process.on('SIGINT', () => process.exit(130));
process.exitCode = await runRehearsal(process.argv.slice(2), {
  env: process.env,
  cwd: process.env.INIT_CWD ?? process.cwd(),
  out: (line) => console.log(line),
  err: (line) => console.error(line),
});
