import { loadGatewayConfig } from './config/env';
import { createGatewayApp } from './app';

async function bootstrap(): Promise<void> {
  const config = loadGatewayConfig();
  const app = await createGatewayApp(config);
  await app.listen(config.PORT, config.HOST);
}

void bootstrap();
