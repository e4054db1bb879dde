// Provider-wide settings from stack config (`schemastack:*`), delivered by the engine's configure
// call once per provider process. The one place providers read stack config; defaults come from core.
import type * as pulumi from "@pulumi/pulumi";
import { defaultLockBudget } from "../../core/apply/lock-budget";
import { TimeBudget, configureTimeBudget, timeBudgetSettings } from "../../core/pg/time-budget";

export interface ProviderSettings {
  /** Stack-wide opt-in to steps that delete data (drop table/column, narrowing type changes). */
  allowDataLoss: boolean;
  lockTimeoutMs: number;
  statementTimeoutMs: number;
}

export const defaultSettings: ProviderSettings = {
  allowDataLoss: false,
  lockTimeoutMs: defaultLockBudget.lockTimeoutMs,
  statementTimeoutMs: defaultLockBudget.statementTimeoutMs,
};

let current: ProviderSettings = defaultSettings;

export function settings(): ProviderSettings {
  return current;
}

export function configureSettings(config: pulumi.dynamic.Config): void {
  // The time budget (core/pg/time-budget.ts): connect and catalog-read limits of this provider process.
  const limit = (key: keyof TimeBudget) => {
    const raw = config.get(timeBudgetSettings[key].config);
    return raw === undefined ? undefined : parseMs(raw, timeBudgetSettings[key].config, 0);
  };
  configureTimeBudget({
    connectTimeoutMs: limit("connectTimeoutMs"),
    catalogTimeoutMs: limit("catalogTimeoutMs"),
    renderTimeoutMs: limit("renderTimeoutMs"),
  });
  current = {
    allowDataLoss: parseBoolean(config.get("schemastack:allowDataLoss"), "schemastack:allowDataLoss", false),
    lockTimeoutMs: parseMs(
      config.get("schemastack:lockTimeoutMs"),
      "schemastack:lockTimeoutMs",
      defaultSettings.lockTimeoutMs,
    ),
    statementTimeoutMs: parseMs(
      config.get("schemastack:statementTimeoutMs"),
      "schemastack:statementTimeoutMs",
      defaultSettings.statementTimeoutMs,
    ),
  };
}

function parseBoolean(raw: string | undefined, key: string, fallback: boolean): boolean {
  if (raw === undefined) return fallback;
  if (raw === "true" || raw === "false") return raw === "true";
  throw new Error(`stack config ${key}: expected true or false, got "${raw}"`);
}

function parseMs(raw: string | undefined, key: string, fallback: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0)
    throw new Error(`stack config ${key}: expected milliseconds (a whole number >= 0), got "${raw}"`);
  return value;
}
