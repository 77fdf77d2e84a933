import { runService } from '@ferry/platform';
import { TransformationModule } from './app.module';
import { TRANSFORMATION, loadTransformationConfig } from './transformation.config';

void runService({
  name: TRANSFORMATION,
  loadConfig: () => loadTransformationConfig(),
  usesDatabase: false,
  module: (config, logger) => TransformationModule.create(config, logger),
});
