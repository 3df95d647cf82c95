import { NO_AUDIT_TRAIL } from '../../src/chat/audit-port';
import { ConfigError, loadConfig, type AppConfig } from '../../src/config/config';

/**
 * The configuration with every variable unset: the one source of defaults for tests that build
 * components by hand (the configuration owns every default; components take required options).
 */
export const DEFAULT_CONFIG: AppConfig = loadConfig({});

/** Alert delivery with the configured defaults and a fixed jitter, so retry times are predictable. */
export const deliveryDefaults = (overrides: Partial<AppConfig['delivery']> & { random?: () => number; maxAttempts?: number } = {}) =>
  ({ ...DEFAULT_CONFIG.delivery, random: () => 0.5, ...overrides });

export const monitorDefaults = (overrides: Partial<AppConfig['monitor']> = {}): AppConfig['monitor'] => ({ ...DEFAULT_CONFIG.monitor, ...overrides });

/** What the subscribe/mute commands take from the configuration (and an audit trail that records nothing). */
export const tellCommandDefaults = () => ({ monitor: monitorDefaults(), fleetMaxAgeMs: DEFAULT_CONFIG.fleetMaxAgeMs, audit: NO_AUDIT_TRAIL });

/** What the Resource Graph directory takes from the configuration. */
export const resourceGraphDefaults = () => ({
  cloud: DEFAULT_CONFIG.azure.cloud, fleetMaxAgeMs: DEFAULT_CONFIG.fleetMaxAgeMs, ...DEFAULT_CONFIG.resourceGraph,
});

/** The problems loadConfig lists for `env` (none when it is valid). */
export function configProblems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}
