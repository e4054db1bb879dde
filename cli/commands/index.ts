// The command registry: add a command by adding its file and listing it here.
import type { Command } from "../command";
import { applyCommand } from "./apply";
import { backupCommand } from "./backup";
import { backupsCommand } from "./backups";
import { restoreCommand } from "./restore";
import { inspectCommand } from "./inspect";
import { planCommand } from "./plan";
import { historyCommand } from "./history";
import { rollbackCommand } from "./rollback";
import { upCommand } from "./up";
import { verifyCommand } from "./verify";

export const commands: Command[] = [
  inspectCommand,
  planCommand,
  applyCommand,
  backupCommand,
  restoreCommand,
  backupsCommand,
  historyCommand,
  rollbackCommand,
  upCommand,
  verifyCommand,
];
