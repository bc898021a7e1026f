import type { Command } from '../command.js';

export const serve: Command = {
  name: 'serve',
  summary: 'Serve the API (the same as npm start).',
  usage: 'plantrack serve\n\nConfiguration comes from the environment (README, "Configuration"). Stops on SIGTERM/SIGINT.',
  async run() {
    // The server module reads its configuration, listens and shuts down on a signal by itself.
    await import('../../server.js');
    return new Promise<number>(() => {});
  },
};
