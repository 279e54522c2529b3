import type { CommandTable } from './cli-context';
import { vaultCommands } from './vault-commands';
import { caseCommands } from './case-commands';
import { importCommands } from './import-commands';
import { mappingCommands } from './mapping-commands';
import { auditCommands } from './audit-commands';
import { diagnosticsCommands } from './diagnostics-commands';
import { INDICATOR_USAGE, indicatorCommands } from './indicator-commands';
import { entityCommands } from './entity-commands';
import { EXPORT_USAGE, exportCommands } from './export-commands';
import { GRAPH_USAGE, graphCommands } from './graph-commands';
import { ACTION_USAGE, actionCommands } from './action-commands';
import { EVIDENCE_USAGE, evidenceCommands } from './evidence-commands';
import { STORY_USAGE, storyCommands } from './story-commands';
import { PACKAGE_USAGE, packageCommands } from './package-commands';
import { SCOPE_USAGE, scopeCommands } from './scope-commands';

export type { CommandContext, CommandOutput } from './cli-context';

/** Every command, by its words; each area's commands live in its own *-commands.ts file. */
export const commands: CommandTable = {
  ...vaultCommands,
  ...caseCommands,
  ...importCommands,
  ...mappingCommands,
  ...auditCommands,
  ...diagnosticsCommands,
  ...indicatorCommands,
  ...entityCommands,
  ...exportCommands,
  ...graphCommands,
  ...actionCommands,
  ...evidenceCommands,
  ...storyCommands,
  ...packageCommands,
  ...scopeCommands,
};

export const USAGE = `Usage: casebook [--vault DIR] [--json] <command>

Commands:
  vault init                      create an encrypted vault (passphrase asked twice)
  vault status                    say whether the folder holds a vault
  case create --title T [--description D] [--severity S] [--status S] [--owner O] [--tag T]... [--tlp L]
  case list                       every case, newest change first
  case show ID                    one case and what it holds (ID or a unique prefix of at least 4 characters)
  case set ID [--title T] [--description D] [--severity S] [--status S] [--classification C]
              [--determination D] [--owner O] [--tag T]... [--untag T]... [--tlp L]
  import [--case ID] FILE... [--format F] [--timezone ZONE] [--skip-invalid] [--max-expansion N] [--preview] [--again | --merge]
         [--map time=COL,format=iso|epoch|PATTERN,message=COL+COL,host=COL,user=COL,source=COL,tags=COL,desc=COL]
         [--save-mapping NAME] [--mapping NAME]
                                  import files, each all or nothing; without --case an incident
                                  export creates its own cases (one per incident), any other file one case;
                                  --preview shows the detected format, columns and first rows, importing nothing;
                                  generic CSV/JSONL need a column mapping (--map, or a saved --mapping)
                                  --max-expansion N: bytes the import may write per byte of the file
                                  (default 1000); a file past it is refused as a decompression bomb
                                  a file the case (or, without --case, the vault) already holds, or an incident
                                  already a case, is refused; --again imports it anyway, --merge merges it into
                                  that case (alerts updated, new alerts and entities added, no event twice)
  mapping list | mapping delete NAME   saved column mappings
${INDICATOR_USAGE}
  entity list ID [--type T] [--search S] [--verdict V|none] [--limit N]
                                  the case's entities (all of them, however many), most events first
  entity show ID ENTITY           one entity (its id, or its value): what each source said, alerts, seen with
  entity set ID ENTITY [--verdict malicious|suspicious|benign|unknown|none] [--tag T]... [--untag T]...
                                  the analyst's verdict and tags (audited)
  alert list ID                   the case's alerts: severity, status, activity, techniques, entities
  alert show ID ALERT             one alert (id or unique prefix) with its description and entities
${EXPORT_USAGE}
${GRAPH_USAGE}
${ACTION_USAGE}
${EVIDENCE_USAGE}
${STORY_USAGE}
${SCOPE_USAGE}
  audit list ID                   every journal entry of a case: who, when, old → new
  audit verify ID                 check the case's chain, and against the vault manifest; exit code 3 when it fails
  vault verify                    check every case, and each against the vault manifest; exit code 3 when any fails
  vault accept [ID]               accept a refused (rolled back, deleted) case's present state on the record; no ID: rebuild a lost manifest
  vault rotate-keys               new vault key and case keys, every journal and run re-encrypted
${PACKAGE_USAGE}
  diagnostics [--last N]          where the diagnostic log is (beside the vault folder) and its last N entries
                                  (default 20): errors the app got past, as codes, ids and stack frames, no case data

Options:
  --vault DIR   vault folder (default: $CASEBOOK_VAULT, else the app's data folder)
  --json        print one JSON document on standard output
  --actor NAME  who the journal records as doing it (default: the vault's analyst name)
  --help        this text

The passphrase comes from $CASEBOOK_PASSPHRASE, a hidden prompt, or the first line of standard input.
Exit codes: 0 done, 1 error, 2 bad usage, 3 verification failed, 4 package already in the vault (nothing imported).`;
