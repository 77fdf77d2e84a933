import { runService } from '@ferry/platform';
import { ControlPlaneModule } from './app.module';
import { CONTROL_PLANE, loadControlPlaneConfig } from './control-plane.config';

void runService({
  name: CONTROL_PLANE,
  loadConfig: () => loadControlPlaneConfig(),
  usesDatabase: true,
  module: (config, logger) => ControlPlaneModule.create(config, logger),
});
