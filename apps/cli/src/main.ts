// `liandong <command>`: the one entry point behind `pnpm start` and `pnpm liandong …`.

const USAGE = `usage: liandong <command>
  start                        run the whole system (PostgreSQL, Temporal, worker, API, portal)
  setup                        migrations, reference data, measure workflows: a deployment's start-up job (docs/DEPLOY.md)
  cluster start [--workers N] [--apis M] [--no-build]
                               the production topology: Temporal on PostgreSQL, N workers, M APIs on one port
  plan parse <file> [--json]   parse a policy document and print its measures
  temporal path|server-path    find or build the Temporal CLI (dev server) or the Temporal server on PostgreSQL
  user create|reset-password|list
                               manage who can sign in (see liandong user help)
  calendar set --file <json>|list
                               holiday schedules beyond the chinese-days package (see liandong calendar help)
  audit verify <file> [--key-file <path>]
                               check a JSON Lines audit export offline (see liandong audit help)
  token create|list|revoke     API tokens for other systems (see liandong token help)
  webhook add|list|rotate|pause|resume|remove|deliveries
                               signed event pushes to other systems (see liandong webhook help)`;

const [command, ...args] = process.argv.slice(2);
const io = { stdout: (s: string) => process.stdout.write(`${s}\n`), stderr: (s: string) => process.stderr.write(`${s}\n`) };

try {
  switch (command) {
    case 'start':
      await (await import('./commands/start')).startCommand();
      break;
    case 'setup':
      process.exitCode = await (await import('./commands/setup')).setupCommand(args, io);
      break;
    case 'cluster':
      process.exitCode = await (await import('./commands/cluster')).clusterCommand(args, io);
      break;
    case 'plan':
      process.exitCode = await (await import('./commands/plan')).planCommand(args, io);
      break;
    case 'temporal':
      process.exitCode = await (await import('./commands/temporal')).temporalCommand(args, io);
      break;
    case 'user':
      process.exitCode = await (await import('./commands/user')).userCommand(args, io);
      break;
    case 'calendar':
      process.exitCode = await (await import('./commands/calendar')).calendarCommand(args, io);
      break;
    case 'audit':
      process.exitCode = await (await import('./commands/audit')).auditCommand(args, io);
      break;
    case 'token':
      process.exitCode = await (await import('./commands/token')).tokenCommand(args, io);
      break;
    case 'webhook':
      process.exitCode = await (await import('./commands/webhook')).webhookCommand(args, io);
      break;
    default:
      io.stderr(USAGE);
      process.exitCode = command === undefined || command === 'help' || command === '--help' ? 0 : 2;
  }
} catch (error) {
  io.stderr(`error: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
