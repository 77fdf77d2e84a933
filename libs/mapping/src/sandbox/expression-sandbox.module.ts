import { Global, Injectable, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { ExpressionSandbox, type ExpressionSandboxOptions } from './expression-sandbox';

@Injectable()
class ExpressionSandboxLifecycle implements OnApplicationShutdown {
  constructor(private readonly sandbox: ExpressionSandbox) {}

  async onApplicationShutdown(): Promise<void> {
    await this.sandbox.close();
  }
}

/** Gives a service the expression sandbox: the one place its tenants' JSONata is evaluated. */
@Global()
@Module({})
export class ExpressionSandboxModule {
  static forRoot(options: ExpressionSandboxOptions): DynamicModule {
    return {
      module: ExpressionSandboxModule,
      providers: [{ provide: ExpressionSandbox, useFactory: () => new ExpressionSandbox(options) }, ExpressionSandboxLifecycle],
      exports: [ExpressionSandbox],
    };
  }
}
