import { ControlPlaneException } from '../control-plane.exception';
import type { ConfigurationProblem } from './effective-configuration';

/** 400 listing every problem of a configuration change; nothing was saved or published. */
export class ConfigurationRejectedException extends ControlPlaneException {
  constructor(readonly problems: ConfigurationProblem[]) {
    super('INVALID_CONFIGURATION', `configuration rejected, nothing was saved: ${problems.map((p) => p.message).join('; ')}`, problems);
  }
}
