import { parseArgs } from 'node:util';
import { roles, type Role } from '../../auth/roles.js';
import { agencyIdOf } from '../../db/lookup.js';
import { isUuid } from '../../http/schemas.js';
import { issueApiKey, listApiKeys, revokeApiKey } from '../../modules/api-keys/repository.js';
import { CliError, exitCodes, type Command } from '../command.js';
import { withDatabase } from '../database.js';

const cli = { type: 'system' as const, name: 'plantrack CLI' };

export const keys: Command = {
  name: 'keys',
  summary: 'Issue, list and revoke API keys, straight in the database (for the first key of a PostgreSQL deployment).',
  usage: `plantrack keys create --name NAME --roles ROLE[,ROLE…] [--agency CODE] [--expires YYYY-MM-DDTHH:MM:SSZ]
plantrack keys list
plantrack keys revoke ID

create prints the whole key once (on stdout, nothing else): store it now. Roles: ${roles.join(', ')}.`,
  async run(args, io) {
    const [action, ...rest] = args;
    const { values, positionals } = parseArgs({
      args: rest,
      options: { name: { type: 'string' }, roles: { type: 'string' }, agency: { type: 'string' }, expires: { type: 'string' } },
      allowPositionals: true,
      strict: true,
    });
    return withDatabase(async ({ db }) => {
      if (action === 'create') {
        const wanted = (values.roles ?? '').split(',').filter(Boolean);
        const unknown = wanted.filter((r) => !(roles as readonly string[]).includes(r));
        if (!values.name || wanted.length === 0 || unknown.length > 0) throw new CliError(`keys create needs --name and --roles from ${roles.join(', ')}${unknown.length ? ` (unknown: ${unknown.join(', ')})` : ''}`, exitCodes.usage);
        const agencyId = values.agency ? await agencyIdOf(db, values.agency) : null;
        if (values.agency && !agencyId) throw new CliError(`no agency has the id or code ${values.agency}`, exitCodes.invalid);
        const issued = await db.transaction((tx) => issueApiKey(tx, { name: values.name!, roles: wanted as Role[], agencyId, expiresAt: values.expires ?? null }, cli));
        io.stdout.write(`${issued.key}\n`);
        return exitCodes.ok;
      }
      if (action === 'list') {
        for (let cursor: string | undefined; ; ) {
          const page = await listApiKeys(db, { limit: 200, ...(cursor ? { cursor } : {}) });
          for (const key of page.items) io.stdout.write(`${JSON.stringify({ id: key.id, prefix: key.prefix, name: key.name, roles: key.roles, agency: key.agency?.code ?? null, status: key.status })}\n`);
          if (!page.nextCursor) return exitCodes.ok;
          cursor = page.nextCursor;
        }
      }
      if (action === 'revoke' && positionals[0]) {
        if (!isUuid(positionals[0])) throw new CliError(`keys revoke takes a key's id (a UUID, as keys list shows it), not ${positionals[0]}`, exitCodes.usage);
        await db.transaction((tx) => revokeApiKey(tx, positionals[0]!));
        io.stdout.write(`revoked ${positionals[0]}\n`);
        return exitCodes.ok;
      }
      throw new CliError(`unknown keys action ${action ?? '(none)'}`, exitCodes.usage);
    });
  },
};
