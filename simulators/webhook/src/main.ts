import { createLogger } from '@ferry/logging';
import { createWebhookReceiver } from './webhook-receiver';

const logger = createLogger('webhook-receiver');
const port = Number(process.env['WEBHOOK_RECEIVER_PORT'] ?? process.env['HTTP_PORT'] ?? 4020);
const host = process.env['WEBHOOK_RECEIVER_HOST'] ?? process.env['SIMULATOR_HOST'] ?? '127.0.0.1';
const server = createWebhookReceiver().listen(port, host, () =>
  logger.info({ url: `http://${host}:${port}` }, 'webhook receiver listening'),
);
process.on('SIGTERM', () => server.close(() => process.exit(0)));
process.on('SIGINT', () => server.close(() => process.exit(0)));
