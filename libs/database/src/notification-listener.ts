import { Client } from 'pg';
import type { Logger } from '@ferry/logging';

/**
 * A dedicated connection LISTENing on one channel, so replicas hear about each other's writes at once instead
 * of polling. Reconnects with backoff when PostgreSQL goes away; `onReconnected` tells the owner that
 * notifications may have been missed meanwhile (it should re-read what it depends on).
 */
export class PostgresNotificationListener {
  private client: Client | undefined;
  private stopped = false;
  private failures = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly url: string,
    private readonly channel: string,
    private readonly logger: Logger,
    private readonly handlers: { onNotification(payload: string): void; onReconnected(): void },
  ) {
    if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`unsafe LISTEN channel name "${channel}"`);
  }

  get connected(): boolean {
    return this.client !== undefined;
  }

  async start(): Promise<void> {
    await this.connect(false);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private async connect(reconnecting: boolean): Promise<void> {
    if (this.stopped) return;
    const client = new Client({ connectionString: this.url, connectionTimeoutMillis: 5000, keepAlive: true });
    client.on('notification', (message) => {
      if (message.channel === this.channel) this.handlers.onNotification(message.payload ?? '');
    });
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client, new Error('connection ended')));
    try {
      await client.connect();
      await client.query(`LISTEN ${this.channel}`);
    } catch (error) {
      await client.end().catch(() => undefined);
      this.lost(client, error);
      return;
    }
    this.client = client;
    if (reconnecting) this.logger.info({ channel: this.channel }, 'listening for notifications again');
    this.failures = 0;
    if (reconnecting) this.handlers.onReconnected();
  }

  private lost(client: Client, error: unknown): void {
    if (this.stopped || this.timer) return;
    if (this.client && this.client !== client) return;
    this.client = undefined;
    this.failures += 1;
    const delay = Math.min(10_000, 250 * 2 ** Math.min(this.failures, 6));
    this.logger.warn({ err: error, channel: this.channel, retryInMs: delay }, 'notification connection lost; reconnecting');
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.connect(true);
    }, delay);
  }
}
