/** Settings from the environment, with the defaults a fresh machine needs. */
export interface Config {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  /** load the demo municipalities into an empty store */
  demo: boolean;
  auth: 'required' | 'demo';
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT の値「${env.PORT}」が正しくありません。`);
  return {
    port,
    host: env.HOST ?? '127.0.0.1',
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: env.GYOKAKU_DATA ?? './data',
    demo: env.GYOKAKU_DEMO !== '0',
    auth: env.GYOKAKU_AUTH === 'demo' ? 'demo' : 'required',
  };
}
