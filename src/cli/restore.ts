import { CliError, type CliCommand } from './common.js';

export const command: CliCommand = {
  summary: '(未実装)',
  async run() {
    throw new CliError('未実装です。');
  },
};
